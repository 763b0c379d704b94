package dev.ferry.provisioning.internal.importing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.ferry.connector.Account;
import dev.ferry.connector.Identity;
import dev.ferry.provisioning.Operation;
import dev.ferry.provisioning.Operation.ImportIdentity;
import dev.ferry.provisioning.Operation.MatchIdentity;
import dev.ferry.provisioning.ProvisioningConfig.ImportSettings;
import dev.ferry.provisioning.internal.engine.PersonPlanner;

/**
 * Decides what Import New Users does with each ShareFile account no Okta person is linked
 * to: match it to the person the configured rules find (e-mail, then username), or, if
 * allowed, create that person in Okta. Pure, like {@link PersonPlanner}: no I/O except
 * the person lookup it is handed, so a dry run shows what an import would do
 * ({@link ImportHandler} applies the plan).
 */
final class ImportPlanner {

	private ImportPlanner() {
	}

	/**
	 * @param unlinked how many accounts were candidates
	 * @param operations one for each candidate that is matched or created
	 */
	record Plan(int unlinked, List<Operation.Import> operations) {
	}

	/**
	 * Whether an account is one to import: not linked, with an e-mail, enabled, and not
	 * the service account Ferry signs in to the target with (not a person).
	 */
	static boolean candidate(Account account, Set<String> linkedAccounts, String serviceAccount) {
		return !linkedAccounts.contains(account.id()) && account.email() != null && !account.disabled()
				&& !account.email().equalsIgnoreCase(serviceAccount);
	}

	/**
	 * @param unlinked the candidate accounts ({@link #candidate})
	 * @param linkedIdentities Okta people already linked, who are never matched again
	 * @param findIdentity looks an Okta person up by login, e-mail or id
	 */
	static Plan plan(ImportSettings settings, List<Account> unlinked, Set<String> linkedIdentities,
			Function<String, Optional<Identity>> findIdentity) {
		List<Operation.Import> operations = new ArrayList<>();
		for (Account account : unlinked) {
			Optional<Identity> match = match(settings, account, findIdentity)
				.filter(identity -> !linkedIdentities.contains(identity.id()));
			if (match.isPresent()) {
				operations.add(new MatchIdentity(match.get().id(), match.get().login(), account));
			}
			else if (settings.createInSource() != ImportSettings.CreateInSource.NEVER) {
				operations.add(new ImportIdentity(account));
			}
		}
		return new Plan(unlinked.size(), operations);
	}

	private static Optional<Identity> match(ImportSettings settings, Account account,
			Function<String, Optional<Identity>> findIdentity) {
		for (ImportSettings.MatchRule rule : settings.matchOrder()) {
			String key = switch (rule) {
				case EMAIL -> account.email();
				case USERNAME -> Objects.toString(account.attributes().get("Username"), null);
			};
			if (key != null && !key.isBlank()) {
				Optional<Identity> found = findIdentity.apply(key);
				if (found.isPresent()) {
					return found;
				}
			}
		}
		return Optional.empty();
	}

}
