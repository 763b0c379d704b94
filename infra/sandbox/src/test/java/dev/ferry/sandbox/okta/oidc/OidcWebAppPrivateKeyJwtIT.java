package dev.ferry.sandbox.okta.oidc;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC web apps on private_key_jwt (Admin Console "Client authentication: Public key /
 * Private key"): the code is redeemed with a client assertion signed by a key registered
 * inline or published at the client's JWKS URI (here a tiny HTTP server on 127.0.0.1, as
 * Ferry publishes {@code /oidc/{slug}/jwks.json}), with the checks of service apps; a
 * secret is then refused.
 */
class OidcWebAppPrivateKeyJwtIT extends OidcITSupport {

	static final String JWKS_PATH = "/oidc/acme/jwks.json";

	static RSAKey key;

	static RSAKey otherKey;

	static RSAKey rotatedKey;

	static HttpServer jwksServer;

	/** What the client's JWKS URI serves now. */
	static volatile String published;

	static final AtomicInteger fetches = new AtomicInteger();

	@BeforeAll
	static void keysAndJwksServer() throws Exception {
		key = new RSAKeyGenerator(2048).keyID("web-key-1").generate();
		otherKey = new RSAKeyGenerator(2048).keyID("web-key-1").generate();
		rotatedKey = new RSAKeyGenerator(2048).keyID("web-key-2").generate();
		jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
		jwksServer.createContext(JWKS_PATH, exchange -> {
			fetches.incrementAndGet();
			byte[] body = published.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		jwksServer.start();
	}

	@AfterAll
	static void stopJwksServer() {
		jwksServer.stop(0);
	}

	@BeforeEach
	void publishFirstKey() {
		published = new JWKSet(key.toPublicJWK()).toString();
		fetches.set(0);
	}

	String jwksUri() {
		return "http://127.0.0.1:" + jwksServer.getAddress().getPort() + JWKS_PATH;
	}

	String clientAuthentication(String clientId) {
		return base() + "/sandbox/api/okta/" + ORG + "/oidc-apps/" + clientId + "/client-authentication";
	}

	HttpResponse<String> useInlineKeys(JWK... keys) {
		List<JWK> publicKeys = Arrays.stream(keys).map(JWK::toPublicJWK).toList();
		HttpResponse<String> response = put(clientAuthentication(CLIENT_ID),
				"{\"method\":\"private_key_jwt\",\"jwks\":" + new JWKSet(publicKeys) + "}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response;
	}

	void useJwksUri() {
		HttpResponse<String> response = put(clientAuthentication(CLIENT_ID),
				"{\"method\":\"private_key_jwt\",\"jwksUri\":\"" + jwksUri() + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	@Test
	void aValidAssertionRedeemsTheCodeAsASecretWould() throws Exception {
		useInlineKeys(key);
		Pkce pkce = Pkce.create();
		String code = freshCode(endpoint("authorize"), authorizeParams(pkce));

		HttpResponse<String> response = redeemWithAssertion(endpoint("token"), code, pkce,
				assertion(key, claims(endpoint("token"))));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> body = json(response);
		assertThat(body).containsEntry("token_type", "Bearer")
			.containsEntry("scope", "openid profile email groups")
			.containsKeys("access_token", "id_token");
		JWTClaimsSet idToken = SignedJWT.parse((String) body.get("id_token")).getJWTClaimsSet();
		assertThat(idToken.getAudience()).containsExactly(CLIENT_ID);
		assertThat(idToken.getIssuer()).isEqualTo(orgUrl());
		assertThat(idToken.getClaim("groups")).isNotNull();

		Map<String, String> introspect = assertionForm(assertion(key, claims(endpoint("introspect"))));
		introspect.put("token", (String) body.get("access_token"));
		HttpResponse<String> active = token(endpoint("introspect"), introspect, null, null);
		assertThat(json(active)).as(active.body()).containsEntry("active", true).containsEntry("client_id", CLIENT_ID);
	}

	@Test
	void theAssertionMaySendTheClientIdAndAnEcKeyAmongSeveralWorks() throws Exception {
		ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("web-ec-1").generate();
		useInlineKeys(key, ec);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("web-ec-1").build(),
				claims(endpoint("token")).build());
		jwt.sign(new ECDSASigner(ec));
		Pkce pkce = Pkce.create();
		Map<String, String> form = codeForm(freshCode(endpoint("authorize"), authorizeParams(pkce)), pkce);
		form.put("client_id", CLIENT_ID);
		form.putAll(assertionForm(jwt.serialize()));

		HttpResponse<String> response = token(endpoint("token"), form, null, null);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	@Test
	void anAssertionSignedByAnotherKeyIsInvalidClient() throws Exception {
		useInlineKeys(key);

		assertInvalidClient(redeemNew(assertion(otherKey, claims(endpoint("token")))), "signature is invalid");
		assertInvalidClient(redeemNew(assertion(rotatedKey, claims(endpoint("token")))), "signature is invalid");
	}

	@Test
	void aWrongAudienceIsInvalidClient() throws Exception {
		useInlineKeys(key);

		assertInvalidClient(redeemNew(assertion(key, claims(orgUrl()))), "audience");
		assertInvalidClient(redeemNew(assertion(key, claims(endpoint("default", "token")))), "audience");
		assertInvalidClient(
				redeemNew(assertion(key,
						claims(endpoint("token")).audience(List.of(endpoint("token"), endpoint("default", "token"))))),
				"audience");
	}

	@Test
	void anExpiredOrTooLongLivedOrExpLessAssertionIsInvalidClient() throws Exception {
		useInlineKeys(key);

		assertInvalidClient(
				redeemNew(assertion(key,
						claims(endpoint("token")).expirationTime(Date.from(Instant.now().minusSeconds(5))))),
				"expired");
		assertInvalidClient(
				redeemNew(assertion(key,
						claims(endpoint("token")).expirationTime(Date.from(Instant.now().plusSeconds(3700))))),
				"too far");
		assertInvalidClient(redeemNew(assertion(key, claims(endpoint("token")).expirationTime(null))), "'exp'");
		assertInvalidClient(redeemNew(assertion(key, claims(endpoint("token")).subject("someone-else"))), "sub");
	}

	@Test
	void aReusedJtiIsInvalidClient() throws Exception {
		useInlineKeys(key);
		String assertion = assertion(key, claims(endpoint("token")));
		assertThat(redeemNew(assertion).statusCode()).isEqualTo(200);

		assertInvalidClient(redeemNew(assertion), "already been used");
	}

	@Test
	void aClientSecretIsRefusedOncePrivateKeyJwtIsConfigured() {
		useInlineKeys(key);
		Pkce pkce = Pkce.create();
		String code = freshCode(endpoint("authorize"), authorizeParams(pkce));

		assertInvalidClient(redeem(code, REDIRECT, pkce.verifier()),
				"The client is configured for private_key_jwt; a client secret is not accepted.");
		Map<String, String> post = codeForm(code, pkce);
		post.put("client_id", CLIENT_ID);
		post.put("client_secret", SECRET);
		assertInvalidClient(token(endpoint("token"), post, null, null),
				"The client is configured for private_key_jwt; a client secret is not accepted.");
	}

	@Test
	void anAppOnItsSecretIsRefusedAnAssertionAndSwitchingBackRestoresTheSecret() throws Exception {
		assertInvalidClient(redeemNew(assertion(key, claims(endpoint("token")))),
				"The client is configured for client_secret_basic; a client_assertion (private_key_jwt) is not accepted.");

		useInlineKeys(key);
		HttpResponse<String> back = put(clientAuthentication(CLIENT_ID), "{\"method\":\"client_secret_basic\"}");
		assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
		assertThat(json(back)).containsEntry("tokenEndpointAuthMethod", "client_secret_basic")
			.containsEntry("clientSecret", SECRET)
			.containsEntry("keyIds", null);

		Pkce pkce = Pkce.create();
		assertThat(
				redeem(freshCode(endpoint("authorize"), authorizeParams(pkce)), REDIRECT, pkce.verifier()).statusCode())
			.isEqualTo(200);
		assertInvalidClient(redeemNew(assertion(key, claims(endpoint("token")))), "client_secret_basic");
	}

	/** A custom authorization server checks the assertion against its own token URL. */
	@Test
	void aCustomServersTokenUrlIsTheAudienceThere() throws Exception {
		useInlineKeys(key);
		String token = endpoint("default", "token");

		Pkce pkce = Pkce.create();
		Map<String, String> params = authorizeParams(pkce);
		params.put("scope", "openid profile email");
		HttpResponse<String> response = redeemWithAssertion(token, freshCode(endpoint("default", "authorize"), params),
				pkce, assertion(key, claims(token)));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(SignedJWT.parse((String) json(response).get("id_token")).getJWTClaimsSet().getIssuer())
			.isEqualTo(issuer("default"));

		Pkce again = Pkce.create();
		Map<String, String> againParams = authorizeParams(again);
		againParams.put("scope", "openid profile email");
		assertInvalidClient(redeemWithAssertion(token, freshCode(endpoint("default", "authorize"), againParams), again,
				assertion(key, claims(endpoint("token")))), "audience");
	}

	@Test
	void keysAtTheJwksUriAreFetchedCachedAndRefetchedForANewKid() throws Exception {
		useJwksUri();

		assertThat(redeemNew(assertion(key, claims(endpoint("token")))).statusCode()).isEqualTo(200);
		assertThat(redeemNew(assertion(key, claims(endpoint("token")))).statusCode()).isEqualTo(200);
		assertThat(fetches.get()).as("the set is cached while its kids are the ones used").isEqualTo(1);

		published = new JWKSet(rotatedKey.toPublicJWK()).toString();
		HttpResponse<String> rotated = redeemNew(assertion(rotatedKey, claims(endpoint("token"))));
		assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
		assertThat(fetches.get()).as("an unknown kid fetches the set again").isEqualTo(2);

		assertInvalidClient(redeemNew(assertion(key, claims(endpoint("token")))), "signature is invalid");
		assertInvalidClient(redeemNew(assertion(otherKey, claims(endpoint("token")).build(), "web-key-2")),
				"signature is invalid");
	}

	@Test
	void anUnreachableJwksUriIsInvalidClient() throws Exception {
		HttpResponse<String> response = put(clientAuthentication(CLIENT_ID),
				"{\"method\":\"private_key_jwt\",\"jwksUri\":\"http://127.0.0.1:1/jwks.json\"}");
		assertThat(response.statusCode()).isEqualTo(200);

		assertInvalidClient(redeemNew(assertion(key, claims(endpoint("token")))),
				"The client's JWKS could not be fetched from http://127.0.0.1:1/jwks.json");
	}

	@Test
	void controlApiShowsTheMethodAndKeyIdsOrJwksUriButNoKeyMaterial() {
		HttpResponse<String> inline = useInlineKeys(key);
		assertThat(json(inline)).containsEntry("tokenEndpointAuthMethod", "private_key_jwt")
			.containsEntry("keyIds", List.of("web-key-1"))
			.containsEntry("jwksUri", null);
		assertThat(inline.body()).doesNotContain(key.getModulus().toString());

		useJwksUri();
		HttpResponse<String> shown = browser.get(base() + "/sandbox/api/okta/acme/oidc-apps/" + CLIENT_ID);
		assertThat(json(shown)).containsEntry("tokenEndpointAuthMethod", "private_key_jwt")
			.containsEntry("jwksUri", jwksUri())
			.containsEntry("keyIds", null);
		assertThat(browser.get(base() + "/sandbox/api/okta/acme/oidc-apps").body()).contains("\"private_key_jwt\"");
	}

	@Test
	void controlApiRefusesBadClientAuthentication() {
		assertBadRequest(put(clientAuthentication(CLIENT_ID), "{\"method\":\"client_secret_jwt\"}"),
				"Unknown client authentication method 'client_secret_jwt'");
		assertBadRequest(put(clientAuthentication(CLIENT_ID), "{}"), "method is required");
		assertBadRequest(put(clientAuthentication(CLIENT_ID), "{\"method\":\"private_key_jwt\"}"),
				"needs the client's public keys");
		assertBadRequest(put(clientAuthentication(CLIENT_ID), "{\"method\":\"private_key_jwt\",\"jwks\":{}}"),
				"at least one public key");
		assertBadRequest(
				put(clientAuthentication(CLIENT_ID), "{\"method\":\"private_key_jwt\",\"jwks\":{\"keys\":[]}}"),
				"at least one public key");
		assertBadRequest(
				put(clientAuthentication(CLIENT_ID),
						"{\"method\":\"private_key_jwt\",\"jwks\":{\"keys\":[" + key.toJSONString() + "]}}"),
				"only public keys");
		assertBadRequest(
				put(clientAuthentication(CLIENT_ID),
						"{\"method\":\"private_key_jwt\",\"jwks\":{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}}"),
				"only public keys");
		assertBadRequest(
				put(clientAuthentication(CLIENT_ID),
						"{\"method\":\"private_key_jwt\",\"jwks\":{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"x\"}]}}"),
				"not a JWK");
		assertBadRequest(put(clientAuthentication(CLIENT_ID),
				"{\"method\":\"private_key_jwt\",\"jwksUri\":\"ftp://127.0.0.1/jwks.json\"}"), "http(s)");
		assertBadRequest(
				put(clientAuthentication(CLIENT_ID), "{\"method\":\"private_key_jwt\",\"jwksUri\":\"/jwks.json\"}"),
				"http(s)");
		assertBadRequest(put(clientAuthentication(CLIENT_ID), "{\"method\":\"private_key_jwt\",\"jwksUri\":\""
				+ jwksUri() + "\",\"jwks\":" + new JWKSet(key.toPublicJWK()) + "}"), "not both");
		assertBadRequest(
				put(clientAuthentication(CLIENT_ID),
						"{\"method\":\"client_secret_basic\",\"jwksUri\":\"" + jwksUri() + "\"}"),
				"private_key_jwt only");
		assertBadRequest(put(clientAuthentication(CLIENT_ID), "{\"method\":\"private_key_jwt\",\"jwks\":\"x\"}"),
				"not the JSON");

		assertThat(put(clientAuthentication("no-such-app"), "{\"method\":\"client_secret_basic\"}").statusCode())
			.isEqualTo(404);
		assertThat(put(base() + "/sandbox/api/okta/nosuch/oidc-apps/" + CLIENT_ID + "/client-authentication",
				"{\"method\":\"client_secret_basic\"}")
			.statusCode()).isEqualTo(404);
		assertThat(json(browser.get(base() + "/sandbox/api/okta/acme/oidc-apps/" + CLIENT_ID)))
			.as("a refused change leaves the app as it was")
			.containsEntry("tokenEndpointAuthMethod", "client_secret_basic");
	}

	@Test
	void controlApiCreatesAnAppOnPrivateKeyJwt() throws Exception {
		HttpResponse<String> created = post(base() + "/sandbox/api/okta/acme/oidc-apps",
				"{\"clientId\":\"pkj-portal\",\"redirectUris\":[\"" + REDIRECT
						+ "\"],\"tokenEndpointAuthMethod\":\"private_key_jwt\",\"jwksUri\":\"" + jwksUri() + "\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(json(created)).containsEntry("tokenEndpointAuthMethod", "private_key_jwt")
			.containsEntry("jwksUri", jwksUri());

		Pkce pkce = Pkce.create();
		Map<String, String> params = authorizeParams(pkce);
		params.put("client_id", "pkj-portal");
		String code = freshCode(endpoint("authorize"), params);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				claims("pkj-portal", endpoint("token")).build());
		jwt.sign(new RSASSASigner(key));
		HttpResponse<String> response = redeemWithAssertion(endpoint("token"), code, pkce, jwt.serialize());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

		assertThat(post(base() + "/sandbox/api/okta/acme/oidc-apps",
				"{\"tokenEndpointAuthMethod\":\"private_key_jwt\",\"jwks\":{\"keys\":[" + key.toJSONString() + "]}}")
			.statusCode()).isEqualTo(400);
		assertBadRequest(
				post(base() + "/sandbox/api/okta/acme/oidc-apps", "{\"tokenEndpointAuthMethod\":\"tls_client_auth\"}"),
				"Unknown client authentication method");
		HttpResponse<String> inline = post(base() + "/sandbox/api/okta/acme/oidc-apps",
				"{\"tokenEndpointAuthMethod\":\"private_key_jwt\",\"jwks\":" + new JWKSet(key.toPublicJWK()) + "}");
		assertThat(inline.statusCode()).as(inline.body()).isEqualTo(201);
		assertThat(json(inline)).containsEntry("keyIds", List.of("web-key-1"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void discoveryOfTheOrgAndOfACustomServerListsPrivateKeyJwt() {
		for (String discovery : List.of(orgUrl() + "/.well-known/openid-configuration",
				issuer("default") + "/.well-known/openid-configuration")) {
			Map<String, Object> metadata = json(browser.get(discovery));
			assertThat((List<String>) metadata.get("token_endpoint_auth_methods_supported")).as(discovery)
				.contains("private_key_jwt", "client_secret_basic", "client_secret_post");
		}
	}

	private static void assertBadRequest(HttpResponse<String> response, String errorPart) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat((String) json(response).get("error")).contains(errorPart);
	}

	private static void assertInvalidClient(HttpResponse<String> response, String descriptionPart) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		Map<String, Object> body = json(response);
		assertThat(body).containsEntry("error", "invalid_client");
		assertThat((String) body.get("error_description")).contains(descriptionPart);
	}

	/**
	 * Signs in from a new browser (no Okta session yet, so the sign-in form shows) and
	 * returns the code.
	 */
	private String freshCode(String authorizeEndpoint, Map<String, String> params) {
		browser = new TestBrowser();
		return code(authorizeEndpoint, params, ADMIN);
	}

	/** Signs in afresh and redeems the code at the org server with the assertion. */
	private HttpResponse<String> redeemNew(String assertion) {
		Pkce pkce = Pkce.create();
		return redeemWithAssertion(endpoint("token"), freshCode(endpoint("authorize"), authorizeParams(pkce)), pkce,
				assertion);
	}

	private HttpResponse<String> redeemWithAssertion(String tokenEndpoint, String code, Pkce pkce, String assertion) {
		Map<String, String> form = codeForm(code, pkce);
		form.putAll(assertionForm(assertion));
		return token(tokenEndpoint, form, null, null);
	}

	private static Map<String, String> codeForm(String code, Pkce pkce) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", code);
		form.put("redirect_uri", REDIRECT);
		form.put("code_verifier", pkce.verifier());
		return form;
	}

	private static Map<String, String> assertionForm(String assertion) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("client_assertion_type", ClientAssertions.TYPE);
		form.put("client_assertion", assertion);
		return form;
	}

	private static JWTClaimsSet.Builder claims(String audience) {
		return claims(CLIENT_ID, audience);
	}

	private static JWTClaimsSet.Builder claims(String clientId, String audience) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(clientId)
			.subject(clientId)
			.audience(audience)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.jwtID(UUID.randomUUID().toString());
	}

	private static String assertion(RSAKey signingKey, JWTClaimsSet.Builder claims) throws Exception {
		return assertion(signingKey, claims.build(), signingKey.getKeyID());
	}

	private static String assertion(RSAKey signingKey, JWTClaimsSet claims, String kid) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
		jwt.sign(new RSASSASigner(signingKey));
		return jwt.serialize();
	}

}
