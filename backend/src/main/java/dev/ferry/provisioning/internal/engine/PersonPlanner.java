package dev.ferry.provisioning.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import dev.ferry.connector.Account;
import dev.ferry.connector.Identity;
import dev.ferry.provisioning.Link;
import dev.ferry.provisioning.Operation.Change;
import dev.ferry.provisioning.Operation.CreateAccount;
import dev.ferry.provisioning.Operation.DeleteAccount;
import dev.ferry.provisioning.Operation.DisableAccount;
import dev.ferry.provisioning.Operation.EnableAccount;
import dev.ferry.provisioning.Operation.LinkAccount;
import dev.ferry.provisioning.Operation.Person;
import dev.ferry.provisioning.Operation.PromoteAccount;
import dev.ferry.provisioning.Operation.UpdateAccount;
import dev.ferry.provisioning.Operation.UpdateIdentity;
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.provisioning.internal.config.CompiledConfig;

/**
 * Decides what one person needs in ShareFile, from fresh facts only: the identity as Okta
 * says now, the link Ferry keeps, and the account as ShareFile says (or, when not read,
 * what Ferry last wrote). Pure: no I/O except the e-mail lookup it is handed, so it is
 * the same for a dry run and an apply.
 */
public final class PersonPlanner {

	private PersonPlanner() {
	}

	/**
	 * @param identity the person now, or null when Okta no longer has them
	 * @param link the existing link, or null
	 * @param account the linked account as ShareFile says now, or null to compare with
	 * what Ferry last wrote
	 * @param findByEmail looks an account up by e-mail (for matching before creating)
	 */
	public static List<Person> plan(CompiledConfig compiled, Identity identity, Link link, Account account,
			Function<String, Optional<Account>> findByEmail) {
		ProvisioningConfig config = compiled.config();
		List<Person> operations = new ArrayList<>();
		boolean inScope = config.enabled() && compiled.inScope(identity);
		if (!inScope) {
			if (link != null && !link.disabled() && !(account != null && account.disabled())) {
				operations.add(deprovision(config, identity, link));
			}
			return operations;
		}
		Map<String, Object> desired = compiled.desiredAccount(identity);
		boolean employee = !compiled.client(identity);
		String label = label(identity);
		if (link == null) {
			if (!config.features().pushNewUsers()) {
				return operations;
			}
			String email = Objects.toString(desired.get(compiled.schema().emailAttribute()), identity.email());
			Optional<Account> existing = email == null ? Optional.empty() : findByEmail.apply(email);
			if (existing.isPresent()) {
				Account found = existing.get();
				operations.add(new LinkAccount(identity.id(), found.id(), label, found.email(), null));
				addUpdates(operations, config, identity, found.id(), label, found.attributes(), desired);
				if (found.disabled()) {
					operations.add(new EnableAccount(identity.id(), found.id(), label));
				}
				if (employee && !found.employee()) {
					operations.add(new PromoteAccount(identity.id(), found.id(), label));
				}
			}
			else {
				operations.add(new CreateAccount(identity.id(), label, desired, employee, false));
			}
			return operations;
		}
		Map<String, Object> actual = account != null ? account.attributes() : link.lastWritten();
		addUpdates(operations, config, identity, link.accountId(), label, actual, desired);
		if (link.disabled() || (account != null && account.disabled())) {
			operations.add(new EnableAccount(identity.id(), link.accountId(), label));
		}
		boolean isEmployee = account != null ? account.employee() : link.employee();
		if (employee && !isEmployee) {
			operations.add(new PromoteAccount(identity.id(), link.accountId(), label));
		}
		if (account != null && config.features().importProfileUpdates()) {
			Map<String, Object> profile = compiled.desiredProfile(account, identity);
			Map<String, Change> changes = diff(identity.profile(), profile);
			if (!changes.isEmpty()) {
				operations.add(new UpdateIdentity(identity.id(), account.id(), label, changes));
			}
		}
		return operations;
	}

	private static void addUpdates(List<Person> operations, ProvisioningConfig config, Identity identity,
			String accountId, String label, Map<String, Object> actual, Map<String, Object> desired) {
		if (!config.features().pushProfileUpdates()) {
			return;
		}
		Map<String, Change> changes = diff(actual, desired);
		if (!changes.isEmpty()) {
			operations.add(new UpdateAccount(identity.id(), accountId, label, changes));
		}
	}

	private static Person deprovision(ProvisioningConfig config, Identity identity, Link link) {
		String label = identity != null ? label(identity) : link.accountEmail();
		String id = identity != null ? identity.id() : link.identityId();
		if (config.deprovisioning().action() == ProvisioningConfig.Deprovisioning.Action.DELETE) {
			return new DeleteAccount(id, link.accountId(), label, link.accountEmail(),
					Objects.toString(config.deprovisioning().reassignTo(), ""));
		}
		return new DisableAccount(id, link.accountId(), label);
	}

	/**
	 * Attribute → (before, after) for each desired value that differs (e-mail compared
	 * without case).
	 */
	static Map<String, Change> diff(Map<String, Object> actual, Map<String, Object> desired) {
		Map<String, Change> changes = new LinkedHashMap<>();
		desired.forEach((name, value) -> {
			Object before = actual == null ? null : actual.get(name);
			if (!same(name, before, value)) {
				changes.put(name, new Change(before, value));
			}
		});
		return changes;
	}

	private static boolean same(String name, Object before, Object after) {
		String a = before == null ? "" : before.toString();
		String b = after == null ? "" : after.toString();
		return name.toLowerCase(Locale.ROOT).contains("email") ? a.equalsIgnoreCase(b) : a.equals(b);
	}

	static String label(Identity identity) {
		Object first = identity.profile().get("firstName");
		Object last = identity.profile().get("lastName");
		String name = ((first == null ? "" : first + " ") + (last == null ? "" : last)).strip();
		return name.isEmpty() ? identity.login() : name + " <" + identity.login() + ">";
	}

}
