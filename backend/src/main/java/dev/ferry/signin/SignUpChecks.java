package dev.ferry.signin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.ferry.system.Problem;

/**
 * What a new organisation's name, short name and provider must be, whoever signs it up:
 * the organisation itself ({@code /signup}) or an MSP on its customer's behalf (the MSP
 * console). The provider is asked last, and only for an otherwise right form.
 */
@Component
public class SignUpChecks {

	/** Short names that are paths of Ferry's own. */
	public static final Set<String> RESERVED = Set.of("admin", "api", "login", "logout", "signup", "hooks", "static",
			"ferry", "www", "help", "support", "sandbox", "oauth2", "actuator", "oidc", "scim", "t");

	private final ProviderCheck providerCheck;

	SignUpChecks(ProviderCheck providerCheck) {
		this.providerCheck = providerCheck;
	}

	/**
	 * What is wrong, field by field ({@code displayName}, {@code slug}, {@code clientId},
	 * {@code clientSecret}, {@code issuer}); a map the caller may add to. Whether the
	 * short name is taken is the caller's question (sign-up may replace an onboarding
	 * organisation's secret).
	 */
	public Map<String, Problem> problems(String displayName, String slug, String issuer, String clientId,
			String clientSecret) {
		Map<String, Problem> problems = new LinkedHashMap<>();
		if (displayName.isEmpty() || displayName.length() > 120
				|| displayName.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '<' || c == '>')) {
			problems.put("displayName", Problem.of("signup.problem.displayName"));
		}
		if (!slug.matches("^[a-z][a-z0-9-]{1,38}[a-z0-9]$")) {
			problems.put("slug", Problem.of("signup.problem.slug"));
		}
		if (clientId.isEmpty() || clientId.length() > 255) {
			problems.put("clientId", Problem.of("signup.problem.clientId"));
		}
		if (clientSecret.isBlank() || clientSecret.length() > 255) {
			problems.put("clientSecret", Problem.of("signup.problem.clientSecret"));
		}
		if (problems.isEmpty()) {
			// the provider is only called for a form that is otherwise right: a stranger
			// cannot make Ferry fetch addresses by posting half-filled forms
			providerCheck.problemWith(issuer).ifPresent(problem -> problems.put("issuer", problem));
		}
		return problems;
	}

}
