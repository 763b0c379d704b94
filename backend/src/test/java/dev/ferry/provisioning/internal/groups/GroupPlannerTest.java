package dev.ferry.provisioning.internal.groups;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ferry.connector.AccountGroup;
import dev.ferry.connector.SourceGroup;
import dev.ferry.provisioning.Link;
import dev.ferry.provisioning.LinkState;
import dev.ferry.provisioning.Operation;
import dev.ferry.provisioning.ProvisioningConfig.GroupPush;
import dev.ferry.provisioning.internal.groups.GroupPlanner.GroupLink;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a group push plans (docs/provisioning.md, "Push Groups"), one row per situation:
 * the Okta groups and their members, what Ferry pushed before, and the ShareFile groups
 * as they are. The configuration pushes "Sales" with the prefix "Okta - "; Ada and Bob
 * are linked and active, Cy's account is disabled; a ShareFile group holds at most 3. The
 * planner is pure, so no database or sandbox is needed.
 */
class GroupPlannerTest {

	static final GroupPush CONFIG = new GroupPush(List.of("Sales"), "Okta - ");

	static final SourceGroup SALES = new SourceGroup("g-sales", "Sales");

	static final SourceGroup STAFF = new SourceGroup("g-staff", "Staff");

	static final Map<String, Link> PEOPLE = Map.of("00uada", link("00uada", "sf-ada", false), "00ubob",
			link("00ubob", "sf-bob", false), "00ucy", link("00ucy", "sf-cy", true));

	record Row(String situation, List<SourceGroup> okta, Map<String, List<String>> members,
			Map<String, GroupLink> pushed, List<AccountGroup> shareFile, List<String> expected) {

		@Override
		public String toString() {
			return situation;
		}

	}

	static Stream<Row> table() {
		return Stream.of(
				new Row("chosen, never pushed, no group of its name: create it with its linked, active members",
						List.of(SALES, STAFF), Map.of("g-sales", List.of("00uada", "00ubob", "00ucy", "00uzed")),
						Map.of(), List.of(), List.of("CREATE_GROUP Okta - Sales [0→2] {sf-ada,sf-bob}")),
				new Row("chosen, never pushed, a group of its name exists: adopt it and add who is missing",
						List.of(SALES), Map.of("g-sales", List.of("00uada", "00ubob")), Map.of(),
						List.of(group("sf-g1", "okta - sales", "sf-ada")),
						List.of("RENAME_GROUP Okta - Sales [okta - sales→Okta - Sales]",
								"ADD_MEMBERS Okta - Sales [1→2] {sf-bob}")),
				new Row("pushed and in step: nothing", List.of(SALES), Map.of("g-sales", List.of("00uada")),
						Map.of("g-sales", pushed("g-sales", "sf-g1", true, "Sales")),
						List.of(group("sf-g1", "Okta - Sales", "sf-ada")), List.of("PUSH Okta - Sales")),
				new Row("one member left and one joined: removals first", List.of(SALES),
						Map.of("g-sales", List.of("00ubob")),
						Map.of("g-sales", pushed("g-sales", "sf-g1", true, "Sales")),
						List.of(group("sf-g1", "Okta - Sales", "sf-ada")),
						List.of("REMOVE_MEMBERS Okta - Sales [1→0] {sf-ada}",
								"ADD_MEMBERS Okta - Sales [0→1] {sf-bob}")),
				new Row("renamed in Okta, chosen by its old name: followed and renamed in ShareFile",
						List.of(new SourceGroup("g-sales", "Sales EU")), Map.of("g-sales", List.of("00uada")),
						Map.of("g-sales", pushed("g-sales", "sf-g1", true, "Sales")),
						List.of(group("sf-g1", "Okta - Sales", "sf-ada")),
						List.of("RENAME_GROUP Okta - Sales EU [Okta - Sales→Okta - Sales EU]")),
				new Row("more members than a group holds: reported, not cut", List.of(SALES),
						Map.of("g-sales", List.of("00uada", "00ubob", "00ud", "00ue")), Map.of(), List.of(),
						List.of("CAPPED Okta - Sales 4>3")),
				new Row("pushed and made by Ferry, no longer chosen: deleted", List.of(SALES, STAFF), Map.of(),
						Map.of("g-staff", pushed("g-staff", "sf-g2", true, "Staff")),
						List.of(group("sf-g2", "Okta - Staff", "sf-ada")),
						List.of("DELETE_GROUP Okta - Staff [1→0, pushed→no longer chosen]")),
				new Row("pushed but adopted, no longer chosen: only emptied", List.of(SALES, STAFF), Map.of(),
						Map.of("g-staff", pushed("g-staff", "sf-g2", false, "Staff")),
						List.of(group("sf-g2", "Okta - Staff", "sf-ada")),
						List.of("REMOVE_MEMBERS Okta - Staff [1→0, pushed→no longer chosen] {sf-ada}")),
				new Row("deleted in Okta: retired", List.of(SALES), Map.of(),
						Map.of("g-old", pushed("g-old", "sf-g3", true, null)), List.of(group("sf-g3", "Okta - Old")),
						List.of("DELETE_GROUP Okta - Old [0→0, pushed→deleted in the identity source]")),
				new Row("adopted, retired, already empty: only forgotten", List.of(SALES), Map.of(),
						Map.of("g-old", pushed("g-old", "sf-g3", false, null)), List.of(group("sf-g3", "Old")),
						List.of("FORGET g-old")),
				new Row("Okta lists no groups at all: nothing is retired", List.of(), Map.of(),
						Map.of("g-sales", pushed("g-sales", "sf-g1", true, "Sales")),
						List.of(group("sf-g1", "Okta - Sales", "sf-ada")), List.of("KEPT Okta - g-sales")),
				new Row("members could not be read: left as it is, not retired", List.of(SALES), Map.of(),
						Map.of("g-sales", pushed("g-sales", "sf-g1", true, "Sales")),
						List.of(group("sf-g1", "Okta - Sales", "sf-ada")), List.of()),
				new Row("a group of its name linked to another Okta group is never adopted", List.of(SALES),
						Map.of("g-sales", List.of("00uada")),
						Map.of("g-other", pushed("g-other", "sf-g9", false, "Other")),
						List.of(group("sf-g9", "Okta - Sales")),
						List.of("CREATE_GROUP Okta - Sales [0→1] {sf-ada}", "FORGET g-other")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("table")
	void plansWhatAPushWouldDo(Row row) {
		Map<String, AccountGroup> shareFile = new LinkedHashMap<>();
		row.shareFile().forEach(group -> shareFile.put(group.id(), group));
		GroupPlanner.Plan plan = GroupPlanner.plan(CONFIG, row.okta(), row.pushed(), people(row), shareFile, 3,
				group -> Optional.ofNullable(row.members().get(group.id())));
		List<String> described = new ArrayList<>();
		plan.steps().forEach(step -> described.addAll(describe(step)));
		assertThat(described).containsExactlyElementsOf(row.expected());
		assertThat(plan.operations()).hasSize((int) row.expected()
			.stream()
			.filter(line -> !line.startsWith("PUSH ") && !line.startsWith("FORGET "))
			.count());
	}

	/** Everyone in {@link #PEOPLE}, and two more (for the capped row). */
	static Map<String, Link> people(Row row) {
		Map<String, Link> people = new LinkedHashMap<>(PEOPLE);
		people.put("00ud", link("00ud", "sf-d", false));
		people.put("00ue", link("00ue", "sf-e", false));
		return people;
	}

	static List<String> describe(GroupPlanner.Step step) {
		return switch (step) {
			case GroupPlanner.Push push -> push.operations().isEmpty() ? List.of("PUSH " + push.name())
					: push.operations().stream().map(GroupPlannerTest::describe).toList();
			case GroupPlanner.Capped capped ->
				List.of("CAPPED " + capped.name() + " " + capped.members() + ">" + capped.capacity());
			case GroupPlanner.Retire retire -> List.of(retire.operation() == null
					? "FORGET " + retire.link().sourceGroupId() : describe(retire.operation()));
			case GroupPlanner.Kept kept -> List.of("KEPT " + kept.operation().label());
		};
	}

	/** {@code KIND label [before→after, ...] {members}}. */
	static String describe(Operation.Group operation) {
		List<String> changes = new ArrayList<>();
		operation.changes().values().forEach(change -> changes.add(change.before() + "→" + change.after()));
		String members = switch (operation) {
			case Operation.AddMembers add -> " {" + sorted(add.memberIds()) + "}";
			case Operation.RemoveMembers remove -> " {" + sorted(remove.memberIds()) + "}";
			case Operation.CreateGroup create -> " {" + sorted(create.memberIds()) + "}";
			case Operation.RenameGroup rename -> "";
			case Operation.DeleteGroup delete -> "";
		};
		return operation.kind() + " " + operation.label() + " [" + String.join(", ", changes) + "]" + members;
	}

	static String sorted(Set<String> ids) {
		return String.join(",", ids.stream().sorted().toList());
	}

	static Link link(String identity, String account, boolean disabled) {
		return new Link(identity, account, identity + "@acme.example", true,
				disabled ? LinkState.DISABLED : LinkState.ACTIVE, Map.of());
	}

	/** A group pushed before, remembered under the name "Okta - " and its Okta id. */
	static GroupLink pushed(String source, String account, boolean created, String chosenByName) {
		return new GroupLink(source, account, "Okta - " + source, created, chosenByName);
	}

	static AccountGroup group(String id, String name, String... members) {
		return new AccountGroup(id, name, Set.of(members));
	}

}
