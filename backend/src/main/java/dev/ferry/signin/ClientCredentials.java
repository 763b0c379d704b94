package dev.ferry.signin;

import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.ferry.audit.AuditEntry;
import dev.ferry.system.Problem;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.Tenants;

/**
 * Replaces an organisation's client id and secret once it signs in already: a secret that
 * expires (Entra ID's do) or was rotated at the provider. The provider must accept the
 * new credentials first ({@link TokenEndpointCheck}), so an owner cannot lock everyone
 * out with a typo; a refused pair changes nothing.
 */
@Component
public class ClientCredentials {

	private final Tenants tenants;

	private final OidcDiscovery discovery;

	private final TokenEndpointCheck check;

	ClientCredentials(Tenants tenants, OidcDiscovery discovery, TokenEndpointCheck check) {
		this.tenants = tenants;
		this.discovery = discovery;
		this.check = check;
	}

	/**
	 * @return what is wrong, or empty when the new credentials are in use
	 */
	public Optional<Problem> replace(String clientId, String secret, AuditEntry.Actor actor) {
		String id = clientId == null ? "" : clientId.strip();
		String value = secret == null ? "" : secret.strip();
		if (id.isEmpty() || id.length() > 255) {
			return Optional.of(Problem.of("signup.problem.clientId"));
		}
		if (value.isEmpty() || value.length() > 255) {
			return Optional.of(Problem.of("signup.problem.clientSecret"));
		}
		Tenant tenant = tenants.byId(TenantContext.require()).orElseThrow();
		ProviderMetadata provider;
		try {
			provider = discovery.refresh(tenant.oktaIssuer());
		}
		catch (OidcDiscovery.DiscoveryFailed ex) {
			return Optional.of(ex.problem());
		}
		Optional<Problem> refused = check.secretProblem(tenant.slug(), provider, id, value);
		if (refused.isEmpty()) {
			tenants.oidcClient(id, value, actor);
		}
		return refused;
	}

}
