package dev.ferry.provisioning.internal.importing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ferry.connector.Account;
import dev.ferry.connector.Identity;
import dev.ferry.provisioning.Operation;
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.provisioning.ProvisioningConfig.ImportSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Import New Users plans for each unlinked ShareFile account (docs/provisioning.md,
 * "Import New Users"), one row per situation: the account, who Okta has under its e-mail
 * or username, and the import settings. The planner is pure, so no database or sandbox is
 * needed.
 */
class ImportPlannerTest {

	static final ImportSettings DEFAULTS = ProvisioningConfig.defaults(dev.ferry.connector.TestSchemas.SHAREFILE_LIKE)
		.importSettings();

	static final Identity ADA = new Identity("00uada", "ada@acme.example", "ACTIVE", Map.of(), List.of(), true);

	static final Identity BOB = new Identity("00ubob", "bob", "ACTIVE", Map.of(), List.of(), true);

	record Row(String situation, UnaryOperator<ImportSettings> settings, Account account, Set<String> linked,
			List<String> expected) {

		@Override
		public String toString() {
			return situation;
		}

	}

	static Stream<Row> table() {
		return Stream.of(
				new Row("Okta has a person with the account's e-mail: match", s -> s, account("ada@acme.example", null),
						Set.of(), List.of("MATCH_IDENTITY ada@acme.example → 00uada")),
				new Row("no one by e-mail, someone by username: match by username", s -> s,
						account("robert@acme.example", "bob"), Set.of(),
						List.of("MATCH_IDENTITY robert@acme.example → 00ubob")),
				new Row("username first when the rules say so", s -> withOrder(s, ImportSettings.MatchRule.USERNAME),
						account("ada@acme.example", "bob"), Set.of(),
						List.of("MATCH_IDENTITY ada@acme.example → 00ubob")),
				new Row("only the rules configured are tried", s -> withOrder(s, ImportSettings.MatchRule.EMAIL),
						account("robert@acme.example", "bob"), Set.of(),
						List.of("IMPORT_IDENTITY robert@acme.example")),
				new Row("no one matches and creating is allowed: create in Okta", s -> s,
						account("new@acme.example", null), Set.of(), List.of("IMPORT_IDENTITY new@acme.example")),
				new Row("no one matches and creating is not allowed: nothing",
						s -> withCreate(s, ImportSettings.CreateInSource.NEVER), account("new@acme.example", null),
						Set.of(), List.of()),
				new Row("the match is linked to another account already: create instead", s -> s,
						account("ada@acme.example", null), Set.of("00uada"),
						List.of("IMPORT_IDENTITY ada@acme.example")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("table")
	void plansWhatAnImportWouldDo(Row row) {
		ImportPlanner.Plan plan = ImportPlanner.plan(
				row.settings().apply(withCreate(DEFAULTS, ImportSettings.CreateInSource.STAGED)),
				List.of(row.account()), row.linked(), ImportPlannerTest::find);
		assertThat(plan.unlinked()).isEqualTo(1);
		assertThat(plan.operations()).extracting(ImportPlannerTest::describe).containsExactlyElementsOf(row.expected());
	}

	@Test
	void linkedDisabledAddresslessAccountsAndTheServiceAccountAreNotCandidates() {
		Set<String> linked = Set.of("sf-linked");
		assertThat(ImportPlanner.candidate(account("ada@acme.example", null), linked, "admin@acme.example")).isTrue();
		assertThat(ImportPlanner.candidate(new Account("sf-linked", "x@acme.example", true, false, Map.of()), linked,
				"admin@acme.example"))
			.isFalse();
		assertThat(ImportPlanner.candidate(new Account("sf-1", "x@acme.example", true, true, Map.of()), linked,
				"admin@acme.example"))
			.isFalse();
		assertThat(
				ImportPlanner.candidate(new Account("sf-1", null, true, false, Map.of()), linked, "admin@acme.example"))
			.isFalse();
		assertThat(ImportPlanner.candidate(new Account("sf-1", "ADMIN@acme.example", true, false, Map.of()), linked,
				"admin@acme.example"))
			.isFalse();
	}

	static Optional<Identity> find(String key) {
		return Stream.of(ADA, BOB).filter(identity -> identity.login().equalsIgnoreCase(key)).findFirst();
	}

	static String describe(Operation.Import operation) {
		return switch (operation) {
			case Operation.MatchIdentity match -> match.kind() + " " + match.label() + " → " + match.identityId();
			case Operation.ImportIdentity create -> create.kind() + " " + create.label();
		};
	}

	static Account account(String email, String username) {
		return new Account("sf-" + email.hashCode(), email, true, false,
				username == null ? Map.of("Email", email) : Map.of("Email", email, "Username", username));
	}

	static ImportSettings withOrder(ImportSettings settings, ImportSettings.MatchRule... order) {
		return new ImportSettings(List.of(order), settings.createInSource(), settings.requireConfirmation());
	}

	static ImportSettings withCreate(ImportSettings settings, ImportSettings.CreateInSource create) {
		return new ImportSettings(settings.matchOrder(), create, settings.requireConfirmation());
	}

}
