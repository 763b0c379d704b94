package dev.ferry.sandbox.okta.oidc;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.ferry.sandbox.okta.OktaAccessTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Service apps: client_credentials with a private_key_jwt client assertion
 * (docs/reference/okta.md §3.2).
 */
class ClientCredentialsIT extends OidcITSupport {

	static final String SERVICE_CLIENT = "0oaferryservice00001";

	static RSAKey key;

	static RSAKey otherKey;

	@Autowired
	OktaAccessTokens managementTokens;

	@BeforeAll
	static void keys() throws Exception {
		key = new RSAKeyGenerator(2048).keyID("ferry-key-1").generate();
		otherKey = new RSAKeyGenerator(2048).keyID("ferry-key-1").generate();
	}

	@BeforeEach
	void registerServiceApp() {
		HttpResponse<String> created = post(base() + "/sandbox/api/okta/acme/service-apps",
				"{\"clientId\":\"" + SERVICE_CLIENT + "\",\"label\":\"Ferry\",\"publicJwk\":"
						+ key.toPublicJWK().toJSONString()
						+ ",\"grantedScopes\":[\"okta.users.read\",\"okta.groups.read\",\"okta.apps.read\"]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	@Test
	void aValidAssertionGetsAManagementApiToken() throws Exception {
		HttpResponse<String> response = clientCredentials(assertion(key, claims()), "okta.users.read okta.groups.read");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> body = json(response);
		assertThat(body).containsEntry("token_type", "Bearer")
			.containsEntry("expires_in", 3600)
			.containsEntry("scope", "okta.users.read okta.groups.read")
			.containsKey("access_token")
			.doesNotContainKeys("id_token", "refresh_token");
		OktaAccessTokens.Grant grant = managementTokens.find(ORG, (String) body.get("access_token")).orElseThrow();
		assertThat(grant.clientId()).isEqualTo(SERVICE_CLIENT);
		assertThat(grant.scopes()).isEqualTo(Set.of("okta.users.read", "okta.groups.read"));
	}

	@Test
	void anEcKeyWorksToo() throws Exception {
		ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
		post(base() + "/sandbox/api/okta/acme/service-apps", "{\"clientId\":\"ec-client\",\"publicJwk\":"
				+ ec.toPublicJWK().toJSONString() + ",\"grantedScopes\":[\"okta.logs.read\"]}");
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(),
				claims("ec-client").build());
		jwt.sign(new ECDSASigner(ec));

		assertThat(clientCredentials(jwt.serialize(), "okta.logs.read").statusCode()).isEqualTo(200);
	}

	@Test
	void anAssertionSignedByAnotherKeyIsInvalidClient() throws Exception {
		assertInvalidClient(clientCredentials(assertion(otherKey, claims()), "okta.users.read"), "signature");
	}

	@Test
	void aWrongAudienceIsInvalidClient() throws Exception {
		assertInvalidClient(clientCredentials(assertion(key, claims().audience(orgUrl())), "okta.users.read"),
				"audience");
		assertInvalidClient(
				clientCredentials(assertion(key, claims().audience(base() + "/okta/globex/oauth2/v1/token")),
						"okta.users.read"),
				"audience");
	}

	@Test
	void anExpiredAssertionIsInvalidClient() throws Exception {
		assertInvalidClient(
				clientCredentials(assertion(key, claims().expirationTime(Date.from(Instant.now().minusSeconds(5)))),
						"okta.users.read"),
				"expired");
	}

	@Test
	void anAssertionValidForMoreThanAnHourIsInvalidClient() throws Exception {
		assertInvalidClient(
				clientCredentials(assertion(key, claims().expirationTime(Date.from(Instant.now().plusSeconds(3700)))),
						"okta.users.read"),
				"too far");
	}

	@Test
	void aReplayedJtiIsInvalidClient() throws Exception {
		String assertion = assertion(key, claims());
		assertThat(clientCredentials(assertion, "okta.users.read").statusCode()).isEqualTo(200);

		assertInvalidClient(clientCredentials(assertion, "okta.users.read"), "already been used");
	}

	@Test
	void issMustEqualSub() throws Exception {
		assertInvalidClient(clientCredentials(assertion(key, claims().subject("someone-else")), "okta.users.read"),
				"sub");
	}

	@Test
	void anUngrantedScopeIsInvalidScope() throws Exception {
		HttpResponse<String> response = clientCredentials(assertion(key, claims()),
				"okta.users.read okta.users.manage");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response)).containsEntry("error", "invalid_scope");
	}

	@Test
	void missingScopeAndOpenidScopesAreInvalidScope() throws Exception {
		assertThat(json(clientCredentials(assertion(key, claims()), null))).containsEntry("error", "invalid_scope");
		assertThat(json(clientCredentials(assertion(key, claims()), "openid okta.users.read"))).containsEntry("error",
				"invalid_scope");
	}

	@Test
	void aClientSecretIsNotAcceptedForAServiceApp() {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "client_credentials");
		form.put("scope", "okta.users.read");

		HttpResponse<String> response = token(form, SERVICE_CLIENT, "anything");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(json(response)).containsEntry("error", "invalid_client");
	}

	@Test
	void aServiceAppCannotUseTheCodeGrant() throws Exception {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", "x");
		form.put("redirect_uri", REDIRECT);
		form.put("client_assertion_type", ClientAssertions.TYPE);
		form.put("client_assertion", assertion(key, claims()));

		assertThat(json(token(form, null, null))).containsEntry("error", "unauthorized_client");
	}

	@Test
	void controlApiRefusesAPrivateJwk() {
		HttpResponse<String> response = post(base() + "/sandbox/api/okta/acme/service-apps",
				"{\"clientId\":\"leaky\",\"publicJwk\":" + key.toJSONString() + ",\"grantedScopes\":[]}");

		assertThat(response.statusCode()).isEqualTo(400);
	}

	private void assertInvalidClient(HttpResponse<String> response, String descriptionPart) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		Map<String, Object> body = json(response);
		assertThat(body).containsEntry("error", "invalid_client");
		assertThat((String) body.get("error_description")).contains(descriptionPart);
	}

	private HttpResponse<String> clientCredentials(String assertion, String scope) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "client_credentials");
		form.put("scope", scope);
		form.put("client_assertion_type", ClientAssertions.TYPE);
		form.put("client_assertion", assertion);
		return token(form, null, null);
	}

	private JWTClaimsSet.Builder claims() {
		return claims(SERVICE_CLIENT);
	}

	private JWTClaimsSet.Builder claims(String clientId) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(clientId)
			.subject(clientId)
			.audience(endpoint("token"))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.jwtID(UUID.randomUUID().toString());
	}

	private static String assertion(RSAKey signingKey, JWTClaimsSet.Builder claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(),
				claims.build());
		jwt.sign(new RSASSASigner(signingKey));
		return jwt.serialize();
	}

}
