package dev.ferry.provisioning.internal.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ferry.connector.Account;
import dev.ferry.connector.Identity;
import dev.ferry.connector.TargetSchema;
import dev.ferry.provisioning.Link;
import dev.ferry.provisioning.LinkState;
import dev.ferry.provisioning.Operation;
import dev.ferry.provisioning.Operation.Kind;
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.provisioning.ProvisioningConfig.Deprovisioning;
import dev.ferry.provisioning.ProvisioningConfig.Features;
import dev.ferry.provisioning.internal.config.CompiledConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner's decision table, one row per situation of docs/provisioning.md ("Plans"),
 * read top to bottom like the table: who the person is now, what Ferry has linked, what
 * ShareFile holds, and the operations (with the attributes they change) that follow,
 * under the default configuration (mappings FirstName, LastName, Email, Company;
 * contractors become clients). The planner is pure, so no database, Redis or sandbox is
 * needed.
 */
class PersonPlannerTest {

	static final String ID = "00uada";

	/** A target shaped like ShareFile, as the default mappings expect. */
	static final TargetSchema SCHEMA = dev.ferry.connector.TestSchemas.SHAREFILE_LIKE;

	static final String ACCOUNT = "sf-ada";

	/** Ada as ShareFile holds her when she is in step with Okta. */
	static final Map<String, Object> IN_STEP = Map.of("FirstName", "Ada", "LastName", "Stone", "Email",
			"ada@acme.example", "Company", "");

	record Row(String situation, UnaryOperator<ProvisioningConfig> config, Identity identity, Link link,
			Account account, Account byEmail, List<String> expected) {

		@Override
		public String toString() {
			return situation;
		}

	}

	static Stream<Row> table() {
		return Stream.of(
				// in scope, not linked, an account with that e-mail exists
				new Row("not linked, a matching account exists in step: link it, nothing else", c -> c, ada(), null,
						null, account(IN_STEP, true, false), List.of("LINK_ACCOUNT")),
				new Row("not linked, a matching account is stale, disabled and a client: link, update, enable, promote",
						c -> c, ada(), null, null, account(with(IN_STEP, "LastName", "Old"), false, true),
						List.of("LINK_ACCOUNT", "UPDATE_ACCOUNT[LastName]", "ENABLE_ACCOUNT", "PROMOTE_ACCOUNT")),
				// in scope, not linked, no account
				new Row("not linked, no account: create an employee", c -> c, ada(), null, null, null,
						List.of("CREATE_ACCOUNT[FirstName,LastName,Email,Company,type=Employee]")),
				new Row("not linked, no account, a contractor: create a client", c -> c, ada("Contractors"), null, null,
						null, List.of("CREATE_ACCOUNT[FirstName,LastName,Email,Company,type=Client]")),
				new Row("not linked, push new users off: nothing", c -> features(c, false, true), ada(), null, null,
						null, List.of()),
				// in scope, linked
				new Row("linked and in step: nothing", c -> c, ada(), link(IN_STEP, false, true),
						account(IN_STEP, true, false), null, List.of()),
				new Row("linked, a profile change: update only what differs", c -> c, ada(), link(IN_STEP, false, true),
						account(with(IN_STEP, "LastName", "Old"), true, false), null,
						List.of("UPDATE_ACCOUNT[LastName]")),
				new Row("linked, e-mail differing in case only: nothing", c -> c, ada(), link(IN_STEP, false, true),
						account(with(IN_STEP, "Email", "ADA@acme.example"), true, false), null, List.of()),
				new Row("linked, not read from ShareFile: compared with what Ferry last wrote", c -> c, ada(),
						link(with(IN_STEP, "LastName", "Old"), false, true), null, null,
						List.of("UPDATE_ACCOUNT[LastName]")),
				new Row("linked, the account was disabled: enable", c -> c, ada(), link(IN_STEP, false, true),
						account(IN_STEP, true, true), null, List.of("ENABLE_ACCOUNT")),
				new Row("linked, a client who should be an employee: promote", c -> c, ada(),
						link(IN_STEP, false, false), account(IN_STEP, false, false), null, List.of("PROMOTE_ACCOUNT")),
				new Row("linked, push profile updates off: nothing", c -> features(c, true, false), ada(),
						link(IN_STEP, false, true), account(with(IN_STEP, "LastName", "Old"), true, false), null,
						List.of()),
				// out of scope, linked and enabled
				new Row("unassigned from the app: disable", c -> c, unassigned(), link(IN_STEP, false, true),
						account(IN_STEP, true, false), null, List.of("DISABLE_ACCOUNT[disabled]")),
				new Row("deactivated in Okta: disable", c -> c, deactivated(), link(IN_STEP, false, true), null, null,
						List.of("DISABLE_ACCOUNT[disabled]")),
				new Row("deleted in Okta: disable", c -> c, null, link(IN_STEP, false, true), null, null,
						List.of("DISABLE_ACCOUNT[disabled]")),
				new Row("out of scope, deprovisioning deletes: delete", c -> deleting(c), unassigned(),
						link(IN_STEP, false, true), null, null, List.of("DELETE_ACCOUNT[account]")),
				new Row("out of scope, already disabled: nothing", c -> c, unassigned(), link(IN_STEP, true, true),
						null, null, List.of()),
				new Row("out of scope and never linked: nothing", c -> c, unassigned(), null, null, null, List.of()),
				new Row("an attribute no mapping reads changed: nothing", c -> c, ada("Everyone"),
						link(IN_STEP, false, true), account(IN_STEP, true, false), null, List.of()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("table")
	void plansWhatTheDecisionTableSays(Row row) {
		CompiledConfig config = new CompiledConfig(
				row.config().apply(ProvisioningConfig.defaults(PersonPlannerTest.SCHEMA).withEnabled(true)), SCHEMA);
		List<Operation.Person> plan = PersonPlanner.plan(config, row.identity(), row.link(), row.account(),
				email -> Optional.ofNullable(row.byEmail()).filter(found -> found.email().equalsIgnoreCase(email)));
		assertThat(plan).extracting(PersonPlannerTest::describe).containsExactlyElementsOf(row.expected());
	}

	/** {@code KIND[attribute,...]} with the type of a create spelled out. */
	static String describe(Operation operation) {
		List<String> attributes = new ArrayList<>();
		operation.changes().forEach((name, change) -> {
			if (operation.kind() == Kind.CREATE_ACCOUNT && name.equals("type")) {
				attributes.add("type=" + change.after());
			}
			else if (operation.kind() != Kind.LINK_ACCOUNT && operation.kind() != Kind.ENABLE_ACCOUNT
					&& operation.kind() != Kind.PROMOTE_ACCOUNT) {
				attributes.add(name);
			}
		});
		return operation.kind() + (attributes.isEmpty() ? "" : "[" + String.join(",", attributes) + "]");
	}

	static Identity ada(String... groups) {
		return person("ACTIVE", true, groups);
	}

	static Identity unassigned() {
		return person("ACTIVE", false);
	}

	static Identity deactivated() {
		return person("DEPROVISIONED", true);
	}

	static Identity person(String status, boolean assigned, String... groups) {
		Map<String, Object> profile = Map.of("login", "ada@acme.example", "email", "ada@acme.example", "firstName",
				"Ada", "lastName", "Stone", "department", "Research");
		return new Identity(ID, "ada@acme.example", status, profile, List.of(groups), assigned);
	}

	static Link link(Map<String, Object> lastWritten, boolean disabled, boolean employee) {
		return new Link(ID, ACCOUNT, "ada@acme.example", employee, disabled ? LinkState.DISABLED : LinkState.ACTIVE,
				lastWritten);
	}

	static Account account(Map<String, Object> attributes, boolean employee, boolean disabled) {
		return new Account(ACCOUNT, (String) attributes.get("Email"), employee, disabled, attributes);
	}

	static Map<String, Object> with(Map<String, Object> attributes, String name, Object value) {
		Map<String, Object> changed = new HashMap<>(attributes);
		changed.put(name, value);
		return changed;
	}

	static ProvisioningConfig features(ProvisioningConfig config, boolean pushNew, boolean pushUpdates) {
		Features f = config.features();
		return new ProvisioningConfig(config.enabled(),
				new Features(pushNew, pushUpdates, f.pushPasswordUpdates(), f.pushGroups(), f.importNewUsers(),
						f.importProfileUpdates()),
				config.passwordPolicy(), config.scope(), config.userTypes(), config.mappings(), config.groupPush(),
				config.importSettings(), config.deprovisioning(), config.safety(), config.reconcileIntervalMinutes());
	}

	static ProvisioningConfig deleting(ProvisioningConfig config) {
		return new ProvisioningConfig(config.enabled(), config.features(), config.passwordPolicy(), config.scope(),
				config.userTypes(), config.mappings(), config.groupPush(), config.importSettings(),
				new Deprovisioning(Deprovisioning.Action.DELETE, "keeper@acme.example"), config.safety(),
				config.reconcileIntervalMinutes());
	}

}
