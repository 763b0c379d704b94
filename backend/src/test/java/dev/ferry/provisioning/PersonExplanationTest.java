package dev.ferry.provisioning;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ferry.connector.Account;
import dev.ferry.connector.Identity;
import dev.ferry.connector.TestSchemas;
import dev.ferry.provisioning.internal.config.CompiledConfig;
import dev.ferry.provisioning.internal.engine.PersonPlanner;
import dev.ferry.system.Problem;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sentences the People page and the preview tell about one person: the scope rules
 * that let them in or leave them out, how their account is (or would be) found, and each
 * mapped value beside ShareFile's. Pure: configurations, identities and accounts made
 * here, plans from the real planner.
 */
class PersonExplanationTest {

	static final ProvisioningConfig DEFAULTS = ProvisioningConfig.defaults(TestSchemas.SHAREFILE_LIKE)
		.withEnabled(true);

	static final Map<String, Object> PROFILE = Map.of("firstName", "Ada", "lastName", "Stone", "email",
			"ada@acme.example");

	static Identity ada(String status, boolean assigned, String... groups) {
		return new Identity("00uada", "ada@acme.example", status, PROFILE, List.of(groups), assigned);
	}

	static ProvisioningConfig scoped(boolean requireAssignment, List<String> groups, String filter) {
		ProvisioningConfig d = DEFAULTS;
		return new ProvisioningConfig(true, d.features(), d.passwordPolicy(),
				new ProvisioningConfig.Scope(requireAssignment, groups, filter), d.userTypes(), d.mappings(),
				d.groupPush(), d.importSettings(), d.deprovisioning(), d.safety(), d.reconcileIntervalMinutes());
	}

	static List<String> codes(List<Problem> problems) {
		return problems.stream().map(Problem::code).toList();
	}

	@Test
	void someoneInScopeIsToldEachRuleTheyPass() {
		ProvisioningConfig config = scoped(true, List.of("Sales", "Support"), "user.email != \"\"");
		Identity identity = ada("ACTIVE", true, "Everyone", "Sales");
		assertThat(new CompiledConfig(config, TestSchemas.SHAREFILE_LIKE).inScope(identity)).isTrue();

		List<Problem> why = PersonExplanation.scope(config, identity, true);

		assertThat(codes(why)).containsExactly("people.scope.active", "people.scope.assigned", "people.scope.inGroups",
				"people.scope.filter");
		assertThat(why.get(2).args()).containsExactly("Sales");
		assertThat(why.get(3).args()).containsExactly("user.email != \"\"");
	}

	@Test
	void withNoRuleButActivityEveryoneActiveIsInScopeAndTheSentenceSaysSo() {
		ProvisioningConfig config = scoped(false, List.of(), "");
		assertThat(codes(PersonExplanation.scope(config, ada("ACTIVE", false), true)))
			.containsExactly("people.scope.active", "people.scope.everyone");
	}

	@Test
	void someoneOutOfScopeIsToldEachRuleThatLeavesThemOut() {
		ProvisioningConfig config = scoped(true, List.of("Sales"), "");
		List<Problem> why = PersonExplanation.scope(config, ada("SUSPENDED", false, "Everyone"), false);
		assertThat(codes(why)).containsExactly("preview.reason.notActive", "preview.reason.notAssigned",
				"preview.reason.notInGroups");
		assertThat(why.get(0).args()).containsExactly("SUSPENDED");
		assertThat(why.get(2).args()).containsExactly("Sales");
	}

	@Test
	void whenEveryOtherRuleLetsThemInTheFilterIsWhatLeavesThemOut() {
		ProvisioningConfig config = scoped(true, List.of(), "user.department == \"Sales\"");
		Identity identity = ada("ACTIVE", true);
		assertThat(new CompiledConfig(config, TestSchemas.SHAREFILE_LIKE).inScope(identity)).isFalse();
		List<Problem> why = PersonExplanation.scope(config, identity, false);
		assertThat(codes(why)).containsExactly("preview.reason.filter");
		assertThat(why.get(0).args()).containsExactly("user.department == \"Sales\"");
	}

	@Test
	void theMatchNamesTheLinkedAccountOrWhatThePlanerWouldDo() {
		Identity identity = ada("ACTIVE", true);
		CompiledConfig compiled = new CompiledConfig(DEFAULTS, TestSchemas.SHAREFILE_LIKE);
		Map<String, Object> desired = compiled.desiredAccount(identity);
		Link link = new Link("00uada", "sf-1", "ada@acme.example", true, LinkState.ACTIVE, desired);
		Account account = new Account("sf-1", "ada@acme.example", true, false, desired);

		Problem linked = PersonExplanation.match(DEFAULTS, true, link, account, desired, List.of(), "Email");
		assertThat(linked.code()).isEqualTo("people.match.linked");
		assertThat(linked.args()).containsExactly("ada@acme.example", "sf-1", "active");
		assertThat(PersonExplanation.match(DEFAULTS, true, link, null, desired, List.of(), "Email").code())
			.isEqualTo("people.match.linkedGone");

		Account existing = new Account("sf-9", "ADA@acme.example", true, false, Map.of());
		var byEmail = PersonPlanner.plan(compiled, identity, null, null, email -> java.util.Optional.of(existing));
		Problem wouldLink = PersonExplanation.match(DEFAULTS, true, null, null, desired, byEmail, "Email");
		assertThat(wouldLink.code()).isEqualTo("people.match.wouldLink");
		assertThat(wouldLink.args()).containsExactly("ADA@acme.example", "sf-9");

		var create = PersonPlanner.plan(compiled, identity, null, null, email -> java.util.Optional.empty());
		Problem wouldCreate = PersonExplanation.match(DEFAULTS, true, null, null, desired, create, "Email");
		assertThat(wouldCreate.code()).isEqualTo("people.match.wouldCreate");
		assertThat(wouldCreate.args()).containsExactly("ada@acme.example");

		assertThat(PersonExplanation.match(DEFAULTS, false, null, null, desired, List.of(), "Email").code())
			.isEqualTo("people.match.outOfScope");
		assertThat(PersonExplanation.match(DEFAULTS.withEnabled(false), true, null, null, desired, List.of(), "Email")
			.code()).isEqualTo("people.match.off");
	}

	@Test
	void eachMappedValueStandsBesideShareFilesWithTheDifferenceMarked() {
		Map<String, Object> desired = Map.of("FirstName", "Ada", "LastName", "Stone", "Email", "ada@acme.example",
				"Company", "");
		Map<String, Object> current = Map.of("FirstName", "Ada", "LastName", "Stone-Hale", "Email", "ADA@acme.example");

		List<PersonExplanation.Computed> rows = PersonExplanation.computed(DEFAULTS, desired, current);

		assertThat(rows).extracting(PersonExplanation.Computed::target)
			.containsExactlyInAnyOrder("FirstName", "LastName", "Email", "Company");
		PersonExplanation.Computed last = row(rows, "LastName");
		assertThat(last.value()).isEqualTo("Stone");
		assertThat(last.current()).isEqualTo("Stone-Hale");
		assertThat(last.differs()).isTrue();
		assertThat(last.expression()).isEqualTo("user.lastName");
		assertThat(row(rows, "FirstName").differs()).isFalse();
		// e-mails compare without case, as the planner compares them
		assertThat(row(rows, "Email").differs()).isFalse();

		List<PersonExplanation.Computed> noAccount = PersonExplanation.computed(DEFAULTS, desired, null);
		assertThat(noAccount).allSatisfy(row -> {
			assertThat(row.read()).isFalse();
			assertThat(row.differs()).isFalse();
		});
	}

	static PersonExplanation.Computed row(List<PersonExplanation.Computed> rows, String target) {
		return rows.stream().filter(row -> row.target().equals(target)).findFirst().orElseThrow();
	}

}
