package dev.ferry.tenant;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Organisations the deployment's operators create from configuration
 * ({@code ferry.bootstrap.tenants}), created at start-up when missing and never changed
 * afterwards. The demo world uses this.
 */
@ConfigurationProperties("ferry.bootstrap")
public record BootstrapProperties(List<TenantSeed> tenants) {

	public BootstrapProperties {
		tenants = tenants == null ? List.of() : tenants;
	}

	/**
	 * @param members people with a seat from the start; {@code via} names the MSP whose
	 * Okta they sign in with
	 */
	public record TenantSeed(String slug, String displayName, TenantKind kind, String managedBy, String oktaIssuer,
			String oidcClientId, String oidcClientSecret, List<String> emailDomains, List<MemberSeed> members) {

		public TenantSeed {
			emailDomains = emailDomains == null ? List.of() : emailDomains;
			members = members == null ? List.of() : members;
		}

	}

	public record MemberSeed(String login, Role role, String via) {
	}

}
