package dev.ferry.provisioning.internal.groups;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.ferry.connector.AccountGroup;
import dev.ferry.connector.SourceGroup;
import dev.ferry.provisioning.Link;
import dev.ferry.provisioning.Operation;
import dev.ferry.provisioning.Operation.AddMembers;
import dev.ferry.provisioning.Operation.CreateGroup;
import dev.ferry.provisioning.Operation.DeleteGroup;
import dev.ferry.provisioning.Operation.RemoveMembers;
import dev.ferry.provisioning.Operation.RenameGroup;
import dev.ferry.provisioning.ProvisioningConfig.GroupPush;
import dev.ferry.provisioning.internal.engine.PersonPlanner;

/**
 * Decides what a group push does, from fresh facts only: the Okta groups and the members
 * of each chosen one, the groups Ferry pushed before ({@code group_link}), the people
 * Ferry linked, and the ShareFile groups as they are. Pure, like {@link PersonPlanner}:
 * no I/O except the member lookup it is handed, so a dry run shows exactly what a push
 * would do ({@link GroupPusher} applies the plan).
 */
final class GroupPlanner {

	private GroupPlanner() {
	}

	/** What Ferry remembers of one pushed group. */
	record GroupLink(String sourceGroupId, String accountGroupId, String name, boolean created, String chosenByName) {
	}

	/** One chosen or retired group's part of the plan, in the order it is applied. */
	sealed interface Step permits Push, Capped, Retire, Kept {

	}

	/**
	 * A chosen group brought in line: its operations (none when it already is), after
	 * which Ferry remembers it.
	 *
	 * @param accountGroupId the ShareFile group, null when the push creates it
	 * @param members how many members it has after the push
	 * @param created whether Ferry made it (adopted by name stays adopted: only a group
	 * Ferry made may ever be deleted by Ferry)
	 * @param linked whether Ferry pushed it before
	 */
	record Push(SourceGroup group, String accountGroupId, String name, int members, boolean created,
			String chosenByName, boolean linked, List<Operation.Group> operations) implements Step {
	}

	/**
	 * A chosen group with more members than a ShareFile group holds: reported, never
	 * silently cut.
	 */
	record Capped(SourceGroup group, String name, int members, int capacity) implements Step {

		AddMembers operation() {
			return new AddMembers(null, name, null, members, Set.of());
		}

	}

	/**
	 * A pushed group no longer chosen or deleted in Okta: deleted if Ferry made it,
	 * emptied if Ferry adopted it, then forgotten.
	 *
	 * @param operation null when there is nothing left to do in ShareFile
	 */
	record Retire(GroupLink link, Operation.Group operation) implements Step {
	}

	/**
	 * A pushed group left as it is although Okta did not list it, because Okta listed no
	 * groups at all (every Okta org has Everyone: an empty listing is a wrong answer, not
	 * a deleted world).
	 */
	record Kept(GroupLink link, Operation.Group operation) implements Step {
	}

	/**
	 * @param chosen how many Okta groups the configuration chooses
	 */
	record Plan(int chosen, List<Step> steps) {

		/** Every operation, as a dry run shows them. */
		List<Operation.Group> operations() {
			List<Operation.Group> operations = new ArrayList<>();
			for (Step step : steps) {
				switch (step) {
					case Push push -> operations.addAll(push.operations());
					case Capped capped -> operations.add(capped.operation());
					case Retire retire -> {
						if (retire.operation() != null) {
							operations.add(retire.operation());
						}
					}
					case Kept kept -> operations.add(kept.operation());
				}
			}
			return operations;
		}

	}

	/**
	 * @param pushed the groups Ferry pushed before, by Okta group id
	 * @param people the links, by identity id
	 * @param targetGroups every ShareFile group, by id
	 * @param capacity the most members a ShareFile group holds
	 * @param members the Okta ids of a chosen group's members; empty when they could not
	 * be read (the caller reports why), and the group is then left as it is
	 */
	static Plan plan(GroupPush config, List<SourceGroup> sourceGroups, Map<String, GroupLink> pushed,
			Map<String, Link> people, Map<String, AccountGroup> targetGroups, int capacity,
			Function<SourceGroup, Optional<List<String>>> members) {
		GroupSelection selection = GroupSelection.of(config);
		List<Step> steps = new ArrayList<>();
		// a ShareFile group linked to one Okta group is never adopted by another of the
		// same name
		Set<String> claimed = new HashSet<>();
		pushed.values().forEach(link -> claimed.add(link.accountGroupId()));
		Set<String> chosen = new HashSet<>();
		for (SourceGroup group : sourceGroups) {
			GroupLink link = pushed.get(group.id());
			if (!selection.chooses(group.name(), link == null ? null : link.chosenByName())) {
				continue;
			}
			chosen.add(group.id());
			Optional<List<String>> memberIds = members.apply(group);
			if (memberIds.isPresent()) {
				steps.add(push(group, link, selection, config.namePrefix(), memberIds.get(), people, targetGroups,
						claimed, capacity));
			}
		}
		Set<String> inSource = new HashSet<>();
		sourceGroups.forEach(group -> inSource.add(group.id()));
		for (GroupLink link : pushed.values()) {
			if (chosen.contains(link.sourceGroupId())) {
				continue;
			}
			AccountGroup current = targetGroups.get(link.accountGroupId());
			if (sourceGroups.isEmpty()) {
				steps.add(new Kept(link, new DeleteGroup(link.accountGroupId(), link.name(),
						current == null ? 0 : current.memberIds().size(), null)));
				continue;
			}
			String reason = inSource.contains(link.sourceGroupId()) ? "no longer chosen"
					: "deleted in the identity source";
			steps.add(new Retire(link, retirement(link, current, reason)));
		}
		return new Plan(chosen.size(), steps);
	}

	private static Step push(SourceGroup group, GroupLink link, GroupSelection selection, String prefix,
			List<String> memberIds, Map<String, Link> people, Map<String, AccountGroup> targetGroups,
			Set<String> claimed, int capacity) {
		String name = prefix + group.name();
		String chosenByName = selection.chosenByName(group.name(), link == null ? null : link.chosenByName());
		Set<String> desired = new HashSet<>();
		for (String member : memberIds) {
			Link person = people.get(member);
			if (person != null && !person.disabled()) {
				desired.add(person.accountId());
			}
		}
		if (desired.size() > capacity) {
			return new Capped(group, name, desired.size(), capacity);
		}
		AccountGroup current = link == null ? null : targetGroups.get(link.accountGroupId());
		if (current == null) {
			current = targetGroups.values()
				.stream()
				.filter(candidate -> candidate.name().equalsIgnoreCase(name) && !claimed.contains(candidate.id()))
				.findFirst()
				.orElse(null);
		}
		if (current == null) {
			return new Push(group, null, name, desired.size(), true, chosenByName, link != null,
					List.of(new CreateGroup(null, name, desired)));
		}
		claimed.add(current.id());
		boolean created = link != null && link.created() && current.id().equals(link.accountGroupId());
		List<Operation.Group> operations = new ArrayList<>();
		if (!current.name().equals(name)) {
			operations.add(new RenameGroup(current.id(), name, current.name()));
		}
		Set<String> add = new HashSet<>(desired);
		add.removeAll(current.memberIds());
		Set<String> remove = new HashSet<>(current.memberIds());
		remove.removeAll(desired);
		// removals first: a group near the cap that swaps members must never be over it
		// in
		// between
		if (!remove.isEmpty()) {
			operations.add(new RemoveMembers(current.id(), name, current.memberIds().size(), remove, null));
		}
		if (!add.isEmpty()) {
			operations.add(new AddMembers(current.id(), name, current.memberIds().size() - remove.size(),
					desired.size(), add));
		}
		return new Push(group, current.id(), name, desired.size(), created, chosenByName, link != null, operations);
	}

	/**
	 * A group Ferry created is deleted: it only ever mirrored the Okta group, and an
	 * empty shell would keep the name (and be adopted again should a group of that name
	 * be pushed later) and show ShareFile users a group that stands for nothing. Its
	 * members keep their accounts and files; only shares given to the group go, exactly
	 * as they would for the members had the group been emptied. A group Ferry adopted
	 * existed before Ferry and may carry folder permissions a ShareFile admin set up: it
	 * is only emptied, and stays for that admin to delete or reuse.
	 * @return null when the group is gone from ShareFile or already empty
	 */
	private static Operation.Group retirement(GroupLink link, AccountGroup current, String reason) {
		if (current != null && link.created()) {
			return new DeleteGroup(current.id(), current.name(), current.memberIds().size(), reason);
		}
		if (current != null && !current.memberIds().isEmpty()) {
			return new RemoveMembers(current.id(), current.name(), current.memberIds().size(), current.memberIds(),
					reason);
		}
		return null;
	}

}
