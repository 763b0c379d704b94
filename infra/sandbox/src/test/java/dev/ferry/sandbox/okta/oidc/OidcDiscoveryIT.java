package dev.ferry.sandbox.okta.oidc;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Discovery and keys of the org authorization server (docs/reference/okta.md §2.1). */
class OidcDiscoveryIT extends OidcITSupport {

	@Test
	@SuppressWarnings("unchecked")
	void listsTheOrgAuthorizationServerEndpointsUnderTheExactIssuer() {
		HttpResponse<String> response = browser.get(orgUrl() + "/.well-known/openid-configuration");

		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> metadata = json(response);
		assertThat(metadata).containsEntry("issuer", orgUrl())
			.containsEntry("authorization_endpoint", endpoint("authorize"))
			.containsEntry("token_endpoint", endpoint("token"))
			.containsEntry("userinfo_endpoint", endpoint("userinfo"))
			.containsEntry("jwks_uri", endpoint("keys"))
			.containsEntry("end_session_endpoint", endpoint("logout"))
			.containsEntry("introspection_endpoint", endpoint("introspect"))
			.containsEntry("revocation_endpoint", endpoint("revoke"))
			.containsEntry("registration_endpoint", endpoint("clients"))
			.containsEntry("code_challenge_methods_supported", List.of("S256"))
			.containsEntry("subject_types_supported", List.of("public"))
			.containsEntry("id_token_signing_alg_values_supported", List.of("RS256"))
			.containsEntry("response_modes_supported", List.of("query", "fragment", "form_post", "okta_post_message"))
			.containsEntry("scopes_supported",
					List.of("openid", "email", "profile", "address", "phone", "offline_access", "groups"))
			.containsEntry("token_endpoint_auth_methods_supported",
					List.of("client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt",
							"none"))
			.containsKeys("response_types_supported", "grant_types_supported", "claims_supported",
					"request_parameter_supported", "device_authorization_endpoint",
					"pushed_authorization_request_endpoint");
		assertThat((List<Object>) metadata.get("grant_types_supported")).contains("authorization_code",
				"client_credentials");
		assertThat((List<Object>) metadata.get("claims_supported")).contains("sub", "ver", "amr", "idp", "nonce",
				"auth_time", "preferred_username", "email", "email_verified", "updated_at");
	}

	@Test
	void echoesTheHostTheClientUsedAsIssuer() {
		String localhostOrg = "http://localhost:" + port + "/okta/globex";

		Map<String, Object> metadata = json(browser.get(localhostOrg + "/.well-known/openid-configuration"));

		assertThat(metadata).containsEntry("issuer", localhostOrg)
			.containsEntry("token_endpoint", localhostOrg + "/oauth2/v1/token");
	}

	@Test
	void servesOauthAuthorizationServerMetadataToo() {
		Map<String, Object> metadata = json(browser.get(orgUrl() + "/.well-known/oauth-authorization-server"));

		assertThat(metadata).containsEntry("issuer", orgUrl()).containsEntry("token_endpoint", endpoint("token"));
	}

	@Test
	void publishesOnlyThePublicSigningKey() throws Exception {
		HttpResponse<String> response = browser.get(endpoint("keys"));

		assertThat(response.statusCode()).isEqualTo(200);
		JWKSet keys = JWKSet.parse(response.body());
		assertThat(keys.getKeys()).hasSize(1);
		RSAKey key = keys.getKeys().get(0).toRSAKey();
		assertThat(key.isPrivate()).isFalse();
		assertThat(key.getKeyID()).isNotBlank();
		assertThat(key.getAlgorithm().getName()).isEqualTo("RS256");
		assertThat(response.body()).doesNotContain("\"d\"", "\"p\"", "\"q\"");
	}

	@Test
	void eachOrgHasItsOwnKey() throws Exception {
		String acme = JWKSet.parse(browser.get(endpoint("keys")).body()).getKeys().get(0).getKeyID();
		String globex = JWKSet.parse(browser.get(base() + "/okta/globex/oauth2/v1/keys").body())
			.getKeys()
			.get(0)
			.getKeyID();

		assertThat(acme).isNotEqualTo(globex);
	}

	@Test
	void unknownOrgIsNotFound() {
		assertThat(browser.get(base() + "/okta/nosuch/.well-known/openid-configuration").statusCode()).isEqualTo(404);
		assertThat(browser.get(base() + "/okta/nosuch/oauth2/v1/keys").statusCode()).isEqualTo(404);
		assertThat(browser.get(base() + "/okta/nosuch/oauth2/v1/authorize?client_id=ferry-portal").statusCode())
			.isEqualTo(404);
	}

}
