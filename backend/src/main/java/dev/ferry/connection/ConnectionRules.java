package dev.ferry.connection;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.ferry.system.AllowedHosts;
import dev.ferry.system.Problem;

/**
 * Local checks of the Okta connection form (ConnId's {@code validate()}, apart from the
 * live {@code test()}): each problem is keyed by the field it belongs to, as a message
 * key the page resolves.
 */
final class ConnectionRules {

	private static final int MAX = 255;

	private ConnectionRules() {
	}

	static Map<String, Problem> okta(AllowedHosts hosts, OktaForm form, boolean tokenStored, boolean moved) {
		Map<String, Problem> problems = new LinkedHashMap<>();
		hosts.problemWith(form.orgUrl()).ifPresent(problem -> problems.put("orgUrl", problem));
		if (form.mode() == null) {
			problems.put("mode", Problem.of("connection.problem.choice"));
			return problems;
		}
		switch (form.mode()) {
			case SSWS -> {
				if (!tokenStored || notBlank(form.apiToken())) {
					text(problems, "apiToken", form.apiToken(), "connection.problem.apiToken");
					if (moved && !notBlank(form.apiToken())) {
						// a blank secret after an address change: say why it is needed
						// again
						problems.put("apiToken", Problem.of("connection.problem.enterAgain"));
					}
				}
			}
			case SERVICE_APP -> text(problems, "clientId", form.clientId(), "connection.problem.clientId");
		}
		return problems;
	}

	private static void text(Map<String, Problem> problems, String field, String value, String missing) {
		if (!notBlank(value)) {
			problems.put(field, Problem.of(missing));
		}
		else if (value.length() > MAX) {
			problems.put(field, Problem.of("connection.problem.tooLong", MAX));
		}
		else if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
			problems.put(field, Problem.of("connection.problem.control"));
		}
	}

	private static boolean notBlank(String value) {
		return value != null && !value.isBlank();
	}

}
