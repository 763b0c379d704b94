package dev.ferry.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.ferry.connector.Account;
import dev.ferry.connector.Identity;
import dev.ferry.system.Problem;

/**
 * Why one person is or is not in ShareFile, in sentences (message keys): who the scope
 * rules let in or leave out, how their account is (or would be) matched, and what each
 * mapping computes beside what ShareFile holds. Shared by the preview and the People
 * page, so both tell the same story; everything here is pure, from facts read elsewhere.
 */
final class PersonExplanation {

	private PersonExplanation() {
	}

	/**
	 * The scope decision: for someone in scope, each rule they pass; for someone out of
	 * scope, each rule that leaves them out.
	 */
	static List<Problem> scope(ProvisioningConfig config, Identity identity, boolean inScope) {
		if (!inScope) {
			return reasons(config, identity);
		}
		ProvisioningConfig.Scope scope = config.scope();
		List<Problem> why = new ArrayList<>();
		why.add(Problem.of("people.scope.active", identity.status()));
		if (scope.requireAssignment()) {
			why.add(Problem.of("people.scope.assigned"));
		}
		if (!scope.groups().isEmpty()) {
			why.add(Problem.of("people.scope.inGroups",
					String.join(", ", identity.groups().stream().filter(scope.groups()::contains).toList())));
		}
		if (scope.filter() != null && !scope.filter().isBlank()) {
			why.add(Problem.of("people.scope.filter", scope.filter()));
		}
		if (!scope.requireAssignment() && scope.groups().isEmpty()
				&& (scope.filter() == null || scope.filter().isBlank())) {
			why.add(Problem.of("people.scope.everyone"));
		}
		return why;
	}

	/**
	 * Why a person is out of scope, as far as it can be told without evaluating the
	 * filter again: when every other rule lets them in, the filter is what leaves them
	 * out.
	 */
	static List<Problem> reasons(ProvisioningConfig config, Identity identity) {
		List<Problem> reasons = new ArrayList<>();
		if (!identity.active()) {
			reasons.add(Problem.of("preview.reason.notActive", identity.status()));
		}
		if (config.scope().requireAssignment() && !identity.assigned()) {
			reasons.add(Problem.of("preview.reason.notAssigned"));
		}
		if (!config.scope().groups().isEmpty()
				&& identity.groups().stream().noneMatch(group -> config.scope().groups().contains(group))) {
			reasons.add(Problem.of("preview.reason.notInGroups", String.join(", ", config.scope().groups())));
		}
		if (reasons.isEmpty() && config.scope().filter() != null && !config.scope().filter().isBlank()) {
			reasons.add(Problem.of("preview.reason.filter", config.scope().filter()));
		}
		if (reasons.isEmpty() && !config.enabled()) {
			reasons.add(Problem.of("preview.reason.off"));
		}
		return reasons;
	}

	/**
	 * How the person's account is found: the link Ferry keeps, or what the plan says
	 * Ferry would do (link an account found by e-mail, or create one), or why it does not
	 * look.
	 * @param emailAttribute the target attribute matched on (ShareFile: Email)
	 */
	static Problem match(ProvisioningConfig config, boolean inScope, Link link, Account account,
			Map<String, Object> desired, List<Operation.Person> plan, String emailAttribute) {
		if (link != null) {
			if (account == null) {
				return Problem.of("people.match.linkedGone", link.accountEmail(), link.accountId());
			}
			return Problem.of("people.match.linked", link.accountEmail(), link.accountId(),
					link.disabled() || account.disabled() ? "disabled" : "active");
		}
		String email = Objects.toString(desired.get(emailAttribute), "");
		for (Operation.Person operation : plan) {
			if (operation instanceof Operation.LinkAccount found) {
				return Problem.of("people.match.wouldLink", found.accountEmail(), found.accountId());
			}
			if (operation instanceof Operation.CreateAccount) {
				return Problem.of("people.match.wouldCreate", email);
			}
		}
		if (!inScope) {
			return Problem.of("people.match.outOfScope");
		}
		if (!config.enabled()) {
			return Problem.of("people.match.off", email);
		}
		return Problem.of("people.match.noPush", email);
	}

	/**
	 * Each computed ShareFile attribute with the expression that computed it and, when
	 * the account was read, its current value there and whether they differ.
	 * @param current the account's attributes as ShareFile has them; null when there is
	 * no account (or it was not read)
	 */
	static List<Computed> computed(ProvisioningConfig config, Map<String, Object> desired,
			Map<String, Object> current) {
		List<Computed> computed = new ArrayList<>();
		for (ProvisioningConfig.Mapping mapping : config.mappings()) {
			if (mapping.direction() == ProvisioningConfig.Mapping.Direction.TO_TARGET) {
				computed.add(computed(mapping.target(), mapping.expression(), desired, current));
			}
		}
		desired.forEach((attribute, value) -> {
			if (computed.stream().noneMatch(c -> c.target().equals(attribute))) {
				computed.add(computed(attribute, null, desired, current));
			}
		});
		return computed;
	}

	private static Computed computed(String target, String expression, Map<String, Object> desired,
			Map<String, Object> current) {
		String value = OperationView.text(desired.get(target));
		String now = current == null ? null : OperationView.text(current.get(target));
		boolean differs = current != null && desired.containsKey(target) && !same(target, now, value);
		return new Computed(target, expression, value, desired.containsKey(target), now, current != null, differs);
	}

	/** As the planner compares: e-mails without case, everything else exactly. */
	private static boolean same(String name, String a, String b) {
		String left = a == null ? "" : a;
		String right = b == null ? "" : b;
		return name.toLowerCase(java.util.Locale.ROOT).contains("email") ? left.equalsIgnoreCase(right)
				: left.equals(right);
	}

	/**
	 * @param present whether the mapping produced the attribute
	 * @param current the value in ShareFile now (null: none)
	 * @param read whether ShareFile's account was read (so {@code current} means
	 * something)
	 * @param differs whether the push would change it
	 */
	record Computed(String target, String expression, String value, boolean present, String current, boolean read,
			boolean differs) {
	}

}
