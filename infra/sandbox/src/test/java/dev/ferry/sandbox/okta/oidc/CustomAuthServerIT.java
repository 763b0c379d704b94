package dev.ferry.sandbox.okta.oidc;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import dev.ferry.sandbox.okta.OktaOrgs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Okta's custom authorization servers (docs/reference/okta.md §2.1, §2.3):
 * {@code default} in every org, issuer {@code {org URL}/oauth2/{id}}, endpoints under the
 * issuer, its own keys and scopes, {@code invalid_scope} for a scope it does not have, a
 * groups claim only once configured through the control API, logout that ends the org's
 * Okta session.
 */
class CustomAuthServerIT extends OidcITSupport {

	static final String NOT_CONFIGURED = "One or more scopes are not configured for the authorization server resource.";

	static final String PEOPLE = "ada.stone@acme.example";

	@Autowired
	OktaOrgs orgs;

	String control(String path) {
		return base() + "/sandbox/api/okta/" + ORG + "/authorization-servers" + path;
	}

	@Test
	@SuppressWarnings("unchecked")
	void defaultServersDiscoveryHasItsIssuerEndpointsAndScopesWithoutGroups() {
		HttpResponse<String> response = browser.get(issuer("default") + "/.well-known/openid-configuration");

		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> metadata = json(response);
		assertThat(metadata).containsEntry("issuer", base() + "/okta/acme/oauth2/default")
			.containsEntry("authorization_endpoint", base() + "/okta/acme/oauth2/default/v1/authorize")
			.containsEntry("token_endpoint", endpoint("default", "token"))
			.containsEntry("userinfo_endpoint", endpoint("default", "userinfo"))
			.containsEntry("jwks_uri", endpoint("default", "keys"))
			.containsEntry("end_session_endpoint", endpoint("default", "logout"))
			.containsEntry("introspection_endpoint", endpoint("default", "introspect"))
			.containsEntry("revocation_endpoint", endpoint("default", "revoke"))
			.containsEntry("code_challenge_methods_supported", List.of("S256"))
			.containsEntry("scopes_supported",
					List.of("openid", "profile", "email", "address", "phone", "offline_access"));
		assertThat((List<Object>) metadata.get("claims_supported")).doesNotContain("groups");
		assertThat(json(browser.get(issuer("default") + "/.well-known/oauth-authorization-server")))
			.containsEntry("issuer", issuer("default"))
			.containsEntry("token_endpoint", endpoint("default", "token"));
		assertThat(json(browser.get(orgUrl() + "/.well-known/oauth-authorization-server/oauth2/default")))
			.containsEntry("issuer", issuer("default"));
	}

	/**
	 * What Ferry's portal will do with a tenant whose issuer is {@code default}: Spring
	 * Security's discovery (which insists on the exact issuer) and an ID token check
	 * against the discovered JWKS with that issuer.
	 */
	@Test
	void springSecurityRegistersDefaultByIssuerAndValidatesItsIdTokens() {
		ClientRegistration registration = ClientRegistrations.fromOidcIssuerLocation(issuer("default"))
			.registrationId(ORG)
			.clientId(CLIENT_ID)
			.clientSecret(SECRET)
			.scope("openid", "profile", "email")
			.build();
		assertThat(registration.getProviderDetails().getIssuerUri()).isEqualTo(issuer("default"));
		assertThat(registration.getProviderDetails().getAuthorizationUri()).isEqualTo(endpoint("default", "authorize"));
		assertThat(registration.getProviderDetails().getConfigurationMetadata()).containsEntry("end_session_endpoint",
				endpoint("default", "logout"));
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
			.build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(issuer("default")));

		Jwt idToken = decoder.decode(idToken("default", "openid profile", ADMIN));

		assertThat(idToken.getIssuer()).hasToString(issuer("default"));
		String orgIdToken = (String) json(redeemOrg(ADMIN)).get("id_token");
		assertThatThrownBy(() -> decoder.decode(orgIdToken)).as("the org server's ID token is not default's")
			.isInstanceOf(JwtException.class);
	}

	@Test
	void everyOrgHasDefaultAndUnknownServersAreNotFound() {
		assertThat(json(browser.get(base() + "/okta/globex/oauth2/default/.well-known/openid-configuration")))
			.containsEntry("issuer", base() + "/okta/globex/oauth2/default");
		assertThat(browser.get(issuer("nosuch") + "/.well-known/openid-configuration").statusCode()).isEqualTo(404);
		assertThat(browser.get(endpoint("nosuch", "keys")).statusCode()).isEqualTo(404);
		assertThat(browser.get(endpoint("nosuch", "authorize") + "?client_id=ferry-portal").statusCode())
			.isEqualTo(404);
		assertThat(browser.get(base() + "/okta/nosuch/oauth2/default/v1/keys").statusCode()).isEqualTo(404);
	}

	@Test
	void defaultHasItsOwnSigningKey() throws Exception {
		String orgKid = JWKSet.parse(browser.get(endpoint("keys")).body()).getKeys().get(0).getKeyID();
		List<JWK> defaultKeys = JWKSet.parse(browser.get(endpoint("default", "keys")).body()).getKeys();

		assertThat(defaultKeys).hasSize(1);
		assertThat(defaultKeys.get(0).isPrivate()).isFalse();
		assertThat(defaultKeys.get(0).getKeyID()).isNotEqualTo(orgKid);
	}

	@Test
	void codeFlowWithPkceAgainstDefaultGivesAnIdTokenOfTheCustomIssuer() throws Exception {
		Map<String, Object> metadata = json(browser.get(issuer("default") + "/.well-known/openid-configuration"));
		Pkce pkce = Pkce.create();
		Map<String, String> params = authorizeParams(pkce);
		params.put("scope", "openid profile email");

		String code = code((String) metadata.get("authorization_endpoint"), params, ADMIN);
		HttpResponse<String> response = redeem((String) metadata.get("token_endpoint"), code, REDIRECT,
				pkce.verifier());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> body = json(response);
		assertThat(body).containsEntry("token_type", "Bearer")
			.containsEntry("scope", "openid profile email")
			.containsKeys("access_token", "id_token");
		SignedJWT idToken = SignedJWT.parse((String) body.get("id_token"));
		JWKSet customKeys = JWKSet.parse(browser.get((String) metadata.get("jwks_uri")).body());
		JWK key = customKeys.getKeyByKeyId(idToken.getHeader().getKeyID());
		assertThat(key).as("the ID token's kid is in the custom server's JWKS").isNotNull();
		assertThat(idToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(idToken.verify(new RSASSAVerifier(key.toRSAKey()))).isTrue();
		assertThat(JWKSet.parse(browser.get(endpoint("keys")).body()).getKeyByKeyId(idToken.getHeader().getKeyID()))
			.as("not signed with the org server's key")
			.isNull();
		JWTClaimsSet claims = idToken.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo(base() + "/okta/acme/oauth2/default");
		assertThat(claims.getAudience()).containsExactly(CLIENT_ID);
		assertThat(claims.getSubject()).isEqualTo(orgs.find(ORG).orElseThrow().userByLogin(ADMIN).orElseThrow().id());
		assertThat(claims.getStringClaim("nonce")).isEqualTo(params.get("nonce"));
		assertThat(claims.getStringClaim("preferred_username")).isEqualTo(ADMIN);
		assertThat(claims.getStringClaim("email")).isEqualTo(ADMIN);
		assertThat(claims.getClaims()).as("the app's groups claim is the org server's, not default's")
			.doesNotContainKey("groups");

		String accessToken = (String) body.get("access_token");
		HttpResponse<String> userInfo = bearer(endpoint("default", "userinfo"), accessToken);
		assertThat(userInfo.statusCode()).isEqualTo(200);
		assertThat(json(userInfo)).containsEntry("sub", claims.getSubject()).containsEntry("email", ADMIN);
		assertThat(bearer(endpoint("userinfo"), accessToken).statusCode())
			.as("the org server does not take default's access token")
			.isEqualTo(401);
	}

	@Test
	void groupsScopeOnDefaultIsRedirectedAsInvalidScopeWithState() {
		Map<String, String> params = authorizeParams(Pkce.create());

		HttpResponse<String> answer = browser.get(endpoint("default", "authorize") + "?" + TestBrowser.form(params));

		assertThat(answer.statusCode()).isEqualTo(302);
		String location = answer.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(REDIRECT + "?");
		assertThat(TestBrowser.params(location)).containsEntry("error", "invalid_scope")
			.containsEntry("error_description", NOT_CONFIGURED)
			.containsEntry("state", params.get("state"))
			.doesNotContainKey("code");
		assertThat(browser.get(authorizeUrl(authorizeParams(Pkce.create()))).statusCode())
			.as("the org server still offers groups: its sign-in form")
			.isEqualTo(200);
	}

	@Test
	void clientAndRedirectUriAreCheckedBeforeTheScopes() {
		Map<String, String> badRedirect = authorizeParams(Pkce.create());
		badRedirect.put("redirect_uri", "https://evil.example/cb");
		HttpResponse<String> page = browser.get(endpoint("default", "authorize") + "?" + TestBrowser.form(badRedirect));
		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.headers().firstValue("Location")).isEmpty();
		assertThat(page.body()).contains("redirect_uri");

		Map<String, String> badClient = authorizeParams(Pkce.create());
		badClient.put("client_id", "nosuch");
		HttpResponse<String> clientPage = browser
			.get(endpoint("default", "authorize") + "?" + TestBrowser.form(badClient));
		assertThat(clientPage.statusCode()).isEqualTo(400);
		assertThat(clientPage.headers().firstValue("Location")).isEmpty();
		assertThat(clientPage.body()).contains("invalid_client");
	}

	@Test
	void afterAddingTheGroupsScopeAndClaimTheIdTokenCarriesGroups() throws Exception {
		HttpResponse<String> scope = post(control("/default/scopes"), "{\"name\":\"groups\"}");
		assertThat(scope.statusCode()).as(scope.body()).isEqualTo(200);
		HttpResponse<String> claim = put(control("/default/groups-claim"),
				"{\"name\":\"groups\",\"filterType\":\"REGEX\",\"filterValue\":\".*\",\"scopes\":[\"groups\"]}");
		assertThat(claim.statusCode()).as(claim.body()).isEqualTo(200);
		assertThat(json(claim)).containsEntry("issuer", issuer("default"));
		assertThat(json(browser.get(issuer("default") + "/.well-known/openid-configuration"))).containsEntry(
				"scopes_supported",
				List.of("openid", "profile", "email", "address", "phone", "offline_access", "groups"));

		JWTClaimsSet withGroups = idTokenClaims("default", "openid profile groups", PEOPLE);
		JWTClaimsSet withoutGroupsScope = idTokenClaims("default", "openid profile", PEOPLE);

		assertThat(withGroups.getStringListClaim("groups")).containsExactly("Everyone", "Sales");
		assertThat(withoutGroupsScope.getClaims()).as("the claim is tied to the groups scope")
			.doesNotContainKey("groups");
	}

	@Test
	void controlApiCreatesAServerWithAFilteredGroupsClaim() throws Exception {
		HttpResponse<String> created = post(control(""),
				"{\"id\":\"ferry\",\"scopes\":[\"groups\"],\"groupsClaim\":{\"name\":\"ferryGroups\","
						+ "\"filterType\":\"STARTS_WITH\",\"filterValue\":\"Sa\"}}");

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(json(created)).containsEntry("id", "ferry")
			.containsEntry("issuer", issuer("ferry"))
			.containsEntry("audience", "api://ferry")
			.containsEntry("scopes",
					List.of("openid", "profile", "email", "address", "phone", "offline_access", "groups"));
		assertThat(json(browser.get(issuer("ferry") + "/.well-known/openid-configuration")))
			.containsEntry("issuer", issuer("ferry"))
			.containsEntry("authorization_endpoint", endpoint("ferry", "authorize"));
		JWTClaimsSet claims = idTokenClaims("ferry", "openid email", PEOPLE);
		assertThat(claims.getIssuer()).isEqualTo(issuer("ferry"));
		assertThat(claims.getStringListClaim("ferryGroups")).as("Always included; only names starting with Sa")
			.containsExactly("Sales");
		assertThat(claims.getClaims()).doesNotContainKey("groups");
		assertThat(idTokenClaims("ferry", "openid", ADMIN).getClaims())
			.as("no matching group: no claim (Ida is in Everyone only)")
			.doesNotContainKey("ferryGroups");

		assertThat(post(control(""), "{\"id\":\"ferry\"}").statusCode()).isEqualTo(409);
		assertThat(post(control(""), "{\"id\":\"default\"}").statusCode()).isEqualTo(409);
		assertThat(post(control(""), "{\"id\":\"a/b\"}").statusCode()).isEqualTo(400);
		HttpResponse<String> badFilter = post(control(""),
				"{\"id\":\"x\",\"groupsClaim\":{\"name\":\"g\",\"filterType\":\"LIKE\"}}");
		assertThat(badFilter.statusCode()).isEqualTo(400);
		assertThat(badFilter.body()).contains("filterType");
		assertThat(browser.get(control("/x")).statusCode()).as("nothing was created").isEqualTo(404);
		assertThat(browser.get(control("")).body()).contains("\"default\"", "\"ferry\"");
		assertThat(browser.get(control("/nosuch")).statusCode()).isEqualTo(404);
	}

	@Test
	void aResetForgetsCustomServersAndRestoresDefault() {
		assertThat(post(control("/default/scopes"), "{\"name\":\"groups\"}").statusCode()).isEqualTo(200);
		assertThat(post(control(""), "{\"id\":\"ferry\"}").statusCode()).isEqualTo(201);

		resetSandbox();

		assertThat(json(browser.get(control("/default")))).containsEntry("scopes",
				List.of("openid", "profile", "email", "address", "phone", "offline_access"));
		assertThat(browser.get(control("/ferry")).statusCode()).isEqualTo(404);
	}

	@Test
	void theOktaSessionIsSharedBetweenTheOrgServerAndDefault() {
		code(authorizeParams(Pkce.create()), ADMIN);
		Map<String, String> params = authorizeParams(Pkce.create());
		params.put("scope", "openid profile");

		HttpResponse<String> sso = browser.get(endpoint("default", "authorize") + "?" + TestBrowser.form(params));

		assertThat(sso.statusCode()).isEqualTo(302);
		assertThat(TestBrowser.params(sso.headers().firstValue("Location").orElseThrow())).containsKey("code")
			.containsEntry("state", params.get("state"));
	}

	@Test
	void aCodeIsGoodOnlyAtTheServerThatIssuedIt() {
		Pkce pkce = Pkce.create();
		Map<String, String> params = authorizeParams(pkce);
		params.put("scope", "openid");
		String code = code(endpoint("default", "authorize"), params, ADMIN);

		HttpResponse<String> atOrg = redeem(endpoint("token"), code, REDIRECT, pkce.verifier());

		assertThat(atOrg.statusCode()).isEqualTo(400);
		assertThat(json(atOrg)).containsEntry("error", "invalid_grant");
	}

	@Test
	void withoutOpenidDefaultGivesAnAccessTokenButNoIdToken() {
		Pkce pkce = Pkce.create();
		Map<String, String> params = authorizeParams(pkce);
		params.put("scope", "profile");
		String code = code(endpoint("default", "authorize"), params, ADMIN);

		HttpResponse<String> response = redeem(endpoint("default", "token"), code, REDIRECT, pkce.verifier());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json(response)).containsKey("access_token").doesNotContainKey("id_token");
	}

	@Test
	void logoutAtDefaultEndsTheSessionAndRedirectsWithState() {
		String idToken = idToken("default", "openid profile", ADMIN);

		HttpResponse<String> logout = browser.get(endpoint("default", "logout") + "?" + TestBrowser.form(Map
			.of("id_token_hint", idToken, "post_logout_redirect_uri", "http://127.0.0.1:8080/", "state", "bye")));

		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(logout.headers().firstValue("Location")).hasValue("http://127.0.0.1:8080/?state=bye");
		Map<String, String> again = authorizeParams(Pkce.create());
		again.put("scope", "openid profile");
		assertThat(browser.get(endpoint("default", "authorize") + "?" + TestBrowser.form(again)).statusCode())
			.as("the next authorize asks for the password again")
			.isEqualTo(200);
		assertThat(browser.get(authorizeUrl(authorizeParams(Pkce.create()))).statusCode())
			.as("one Okta session per org: the org server's sign-in is gone too")
			.isEqualTo(200);
	}

	@Test
	void logoutAtDefaultFollowsTheOrgServersRules() {
		String idToken = idToken("default", "openid", ADMIN);
		String orgIdToken = (String) json(redeemOrg(ADMIN)).get("id_token");

		HttpResponse<String> unregistered = browser.get(endpoint("default", "logout") + "?" + TestBrowser
			.form(Map.of("id_token_hint", idToken, "post_logout_redirect_uri", "https://evil.example/", "state", "x")));
		assertThat(unregistered.statusCode()).isEqualTo(400);
		assertThat(unregistered.headers().firstValue("Location")).isEmpty();
		assertThat(unregistered.body()).contains("post_logout_redirect_uri");

		HttpResponse<String> noHint = browser
			.get(endpoint("default", "logout") + "?post_logout_redirect_uri=http://127.0.0.1:8080/");
		assertThat(noHint.statusCode()).isEqualTo(400);
		assertThat(noHint.headers().firstValue("Location")).isEmpty();

		HttpResponse<String> orgToken = browser.get(endpoint("default", "logout") + "?" + TestBrowser
			.form(Map.of("id_token_hint", orgIdToken, "post_logout_redirect_uri", "http://127.0.0.1:8080/")));
		assertThat(orgToken.statusCode()).as("an org server ID token is not default's").isEqualTo(400);
		assertThat(orgToken.headers().firstValue("Location")).isEmpty();

		HttpResponse<String> customAtOrg = browser.get(endpoint("logout") + "?" + TestBrowser
			.form(Map.of("id_token_hint", idToken, "post_logout_redirect_uri", "http://127.0.0.1:8080/")));
		assertThat(customAtOrg.statusCode()).as("and default's is not the org server's").isEqualTo(400);

		HttpResponse<String> page = browser.postForm(endpoint("default", "logout"), Map.of("id_token_hint", idToken));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("signed out");
	}

	/** Signs in afresh (a new browser) at the org server and redeems the code. */
	private HttpResponse<String> redeemOrg(String username) {
		browser = new TestBrowser();
		Pkce pkce = Pkce.create();
		return redeem(code(authorizeParams(pkce), username), REDIRECT, pkce.verifier());
	}

	private String idToken(String asId, String scope, String username) {
		Pkce pkce = Pkce.create();
		Map<String, String> params = authorizeParams(pkce);
		params.put("scope", scope);
		HttpResponse<String> response = redeem(endpoint(asId, "token"),
				code(endpoint(asId, "authorize"), params, username), REDIRECT, pkce.verifier());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return (String) json(response).get("id_token");
	}

	/**
	 * Signs in afresh (a new browser) at the server and returns the ID token's claims.
	 */
	private JWTClaimsSet idTokenClaims(String asId, String scope, String username) throws Exception {
		browser = new TestBrowser();
		return SignedJWT.parse(idToken(asId, scope, username)).getJWTClaimsSet();
	}

	private HttpResponse<String> bearer(String url, String accessToken) {
		return browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
			.header("Authorization", "Bearer " + accessToken)
			.build());
	}

}
