package dev.ferry.connection;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.ferry.system.AllowedHosts;

/**
 * Local checks of connection forms (ConnId's {@code validate()}, apart from the live
 * {@code test()}): each problem is keyed by the field it belongs to, in words for the
 * form.
 */
final class ConnectionRules {

	private static final int MAX = 255;

	private ConnectionRules() {
	}

	static Map<String, String> okta(AllowedHosts hosts, OktaForm form, boolean tokenStored, boolean moved) {
		Map<String, String> problems = new LinkedHashMap<>();
		hosts.problemWith(form.orgUrl()).ifPresent(problem -> problems.put("orgUrl", problem));
		if (form.mode() == null) {
			problems.put("mode", "Choose an API token or a service app.");
			return problems;
		}
		switch (form.mode()) {
			case SSWS -> {
				if (!tokenStored || notBlank(form.apiToken())) {
					text(problems, "apiToken", form.apiToken(), "an Okta API token");
					enterAgain(problems, "apiToken", form.apiToken(), moved, "the API token");
				}
			}
			case SERVICE_APP -> text(problems, "clientId", form.clientId(), "the service app's client id");
		}
		return problems;
	}

	/** A blank secret after an address change: say why it is needed again. */
	private static void enterAgain(Map<String, String> problems, String field, String value, boolean moved,
			String what) {
		if (moved && !notBlank(value)) {
			problems.put(field, "The address changed: enter " + what + " again. Ferry sends a stored secret only "
					+ "to the address it was entered for.");
		}
	}

	private static void text(Map<String, String> problems, String field, String value, String what) {
		if (!notBlank(value)) {
			problems.put(field, "Give " + what + ".");
		}
		else if (value.length() > MAX) {
			problems.put(field, "That is longer than " + MAX + " characters.");
		}
		else if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
			problems.put(field, "That contains control characters.");
		}
	}

	private static boolean notBlank(String value) {
		return value != null && !value.isBlank();
	}

}
