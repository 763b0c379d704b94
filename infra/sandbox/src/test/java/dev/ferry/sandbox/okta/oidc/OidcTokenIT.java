package dev.ferry.sandbox.okta.oidc;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.ferry.sandbox.okta.OktaOrgs;
import dev.ferry.sandbox.okta.OktaUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The code flow end to end: token endpoint, ID token, userinfo and logout
 * (docs/reference/okta.md §2.2-2.4).
 */
class OidcTokenIT extends OidcITSupport {

	@Autowired
	OktaOrgs orgs;

	@Test
	void codeFlowGivesAnIdTokenThatVerifiesAgainstTheJwks() throws Exception {
		Pkce pkce = Pkce.create();
		Map<String, String> params = authorizeParams(pkce);
		Instant before = Instant.now().minusSeconds(1);
		String code = code(params, ADMIN);

		HttpResponse<String> response = redeem(code, REDIRECT, pkce.verifier());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		Map<String, Object> body = json(response);
		assertThat(body).containsEntry("token_type", "Bearer")
			.containsEntry("expires_in", 3600)
			.containsEntry("scope", "openid profile email groups")
			.containsKeys("access_token", "id_token")
			.doesNotContainKey("refresh_token");

		SignedJWT idToken = SignedJWT.parse((String) body.get("id_token"));
		RSAKey key = JWKSet.parse(browser.get(endpoint("keys")).body())
			.getKeyByKeyId(idToken.getHeader().getKeyID())
			.toRSAKey();
		assertThat(idToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(idToken.verify(new RSASSAVerifier(key))).isTrue();

		OktaUser admin = orgs.find(ORG).orElseThrow().userByLogin(ADMIN).orElseThrow();
		JWTClaimsSet claims = idToken.getJWTClaimsSet();
		assertThat(claims.getSubject()).isEqualTo(admin.id()).startsWith("00u");
		assertThat(claims.getIssuer()).isEqualTo(orgUrl());
		assertThat(claims.getAudience()).containsExactly(CLIENT_ID);
		assertThat(claims.getIssueTime().toInstant()).isAfter(before);
		assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
			.isEqualTo(Duration.ofHours(1));
		assertThat(claims.getJWTID()).startsWith("ID.");
		assertThat(claims.getLongClaim("ver")).isEqualTo(1);
		assertThat(claims.getStringListClaim("amr")).containsExactly("pwd");
		assertThat(claims.getStringClaim("idp")).startsWith("00o");
		assertThat(claims.getStringClaim("nonce")).isEqualTo(params.get("nonce"));
		assertThat(claims.getLongClaim("auth_time")).isBetween(before.getEpochSecond(), Instant.now().getEpochSecond());
		assertThat(claims.getStringClaim("name")).isEqualTo("Ida Admin");
		assertThat(claims.getStringClaim("preferred_username")).isEqualTo(ADMIN);
		assertThat(claims.getStringClaim("email")).isEqualTo(ADMIN);
		assertThat(claims.getBooleanClaim("email_verified")).isTrue();
		assertThat(claims.getStringClaim("given_name")).isEqualTo("Ida");
		assertThat(claims.getStringClaim("family_name")).isEqualTo("Admin");
		assertThat(claims.getStringClaim("locale")).isEqualTo("en_US");
		assertThat(claims.getStringClaim("zoneinfo")).isNotBlank();
		assertThat(claims.getLongClaim("updated_at")).isPositive();
		assertThat(claims.getStringListClaim("groups")).containsExactly("Everyone");
		assertThat(claims.getStringClaim("at_hash")).isEqualTo(IdTokens.atHash((String) body.get("access_token")));
	}

	@Test
	void groupsClaimListsThePersonsGroupsEveryoneFirst() throws Exception {
		Pkce pkce = Pkce.create();

		JWTClaimsSet claims = idTokenClaims(pkce, authorizeParams(pkce), "ada.stone@acme.example");

		assertThat(claims.getStringListClaim("groups")).containsExactly("Everyone", "Sales");
	}

	@Test
	void noGroupsWithoutTheGroupsScope() throws Exception {
		Pkce pkce = Pkce.create();
		Map<String, String> params = authorizeParams(pkce);
		params.put("scope", "openid profile");

		JWTClaimsSet claims = idTokenClaims(pkce, params, ADMIN);

		assertThat(claims.getClaims()).doesNotContainKeys("groups", "email", "email_verified");
		assertThat(claims.getStringClaim("preferred_username")).isEqualTo(ADMIN);
	}

	@Test
	void noGroupsWhenTheAppsGroupsClaimIsOff() throws Exception {
		HttpResponse<String> off = browser.send(HttpRequest
			.newBuilder(URI.create(base() + "/sandbox/api/okta/acme/oidc-apps/ferry-portal/groups-claim"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\":false}"))
			.build());
		assertThat(json(off)).containsEntry("groupsClaim", false);
		Pkce pkce = Pkce.create();

		JWTClaimsSet claims = idTokenClaims(pkce, authorizeParams(pkce), ADMIN);

		assertThat(claims.getClaims()).doesNotContainKey("groups");
	}

	@Test
	void openidOnlyGivesJustTheBaseClaims() throws Exception {
		Pkce pkce = Pkce.create();
		Map<String, String> params = authorizeParams(pkce);
		params.put("scope", "openid");

		JWTClaimsSet claims = idTokenClaims(pkce, params, ADMIN);

		assertThat(claims.getClaims()).doesNotContainKeys("name", "preferred_username", "email", "groups");
	}

	@Test
	void clientSecretPostWorksToo() {
		Pkce pkce = Pkce.create();
		String code = code(authorizeParams(pkce), ADMIN);
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", code);
		form.put("redirect_uri", REDIRECT);
		form.put("code_verifier", pkce.verifier());
		form.put("client_id", CLIENT_ID);
		form.put("client_secret", SECRET);

		assertThat(token(form, null, null).statusCode()).isEqualTo(200);
	}

	@Test
	void aReplayedCodeFailsAndRevokesTheTokensItGave() {
		Pkce pkce = Pkce.create();
		String code = code(authorizeParams(pkce), ADMIN);
		HttpResponse<String> first = redeem(code, REDIRECT, pkce.verifier());
		String accessToken = (String) json(first).get("access_token");
		assertThat(userInfo(accessToken).statusCode()).isEqualTo(200);

		HttpResponse<String> replay = redeem(code, REDIRECT, pkce.verifier());

		assertThat(replay.statusCode()).isEqualTo(400);
		assertThat(json(replay)).containsEntry("error", "invalid_grant");
		assertThat(userInfo(accessToken).statusCode()).isEqualTo(401);
	}

	@Test
	void aCodeExpiresAfter300Seconds() {
		Pkce pkce = Pkce.create();
		String code = code(authorizeParams(pkce), ADMIN);
		clock.advance(Duration.ofSeconds(301));

		HttpResponse<String> response = redeem(code, REDIRECT, pkce.verifier());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response)).containsEntry("error", "invalid_grant");
	}

	@Test
	void aCodeIsStillGoodJustBefore300Seconds() {
		Pkce pkce = Pkce.create();
		String code = code(authorizeParams(pkce), ADMIN);
		clock.advance(Duration.ofSeconds(295));

		assertThat(redeem(code, REDIRECT, pkce.verifier()).statusCode()).isEqualTo(200);
	}

	@Test
	void aWrongSecretIsInvalidClient401() {
		Pkce pkce = Pkce.create();
		String code = code(authorizeParams(pkce), ADMIN);
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", code);
		form.put("redirect_uri", REDIRECT);
		form.put("code_verifier", pkce.verifier());

		HttpResponse<String> response = token(form, CLIENT_ID, "not-the-secret");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(json(response)).containsEntry("error", "invalid_client").containsKey("error_description");
		assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
	}

	@Test
	void noClientAuthenticationIsInvalidClient() {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", "whatever");
		form.put("client_id", CLIENT_ID);

		HttpResponse<String> response = token(form, null, null);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(json(response)).containsEntry("error", "invalid_client");
	}

	@Test
	void twoClientAuthenticationMethodsAreInvalidRequest() {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", "whatever");
		form.put("client_secret", SECRET);

		HttpResponse<String> response = token(form, CLIENT_ID, SECRET);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response)).containsEntry("error", "invalid_request");
	}

	@Test
	void aWrongVerifierIsInvalidGrant() {
		Pkce pkce = Pkce.create();
		String code = code(authorizeParams(pkce), ADMIN);

		HttpResponse<String> response = redeem(code, REDIRECT, Pkce.create().verifier());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response)).containsEntry("error", "invalid_grant");
	}

	@Test
	void aMissingVerifierIsInvalidGrant() {
		Pkce pkce = Pkce.create();
		String code = code(authorizeParams(pkce), ADMIN);

		HttpResponse<String> response = redeem(code, REDIRECT, null);

		assertThat(json(response)).containsEntry("error", "invalid_grant");
	}

	@Test
	void withoutPkceNoVerifierIsNeeded() {
		String code = code(authorizeParams(null), ADMIN);

		assertThat(redeem(code, REDIRECT, null).statusCode()).isEqualTo(200);
	}

	@Test
	void aDifferentRedirectUriIsInvalidGrant() {
		Pkce pkce = Pkce.create();
		String code = code(authorizeParams(pkce), ADMIN);

		HttpResponse<String> response = redeem(code, "http://127.0.0.1:8080/other", pkce.verifier());

		assertThat(json(response)).containsEntry("error", "invalid_grant");
	}

	@Test
	void anUnknownCodeIsInvalidGrant() {
		HttpResponse<String> response = redeem("made-up", REDIRECT, Pkce.create().verifier());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response)).containsEntry("error", "invalid_grant");
	}

	@Test
	void unknownAndUnallowedGrantTypesAreRefused() {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "magic");
		assertThat(json(token(form, CLIENT_ID, SECRET))).containsEntry("error", "unsupported_grant_type");

		form.put("grant_type", "client_credentials");
		form.put("scope", "okta.users.read");
		assertThat(json(token(form, CLIENT_ID, SECRET))).containsEntry("error", "unauthorized_client");
	}

	@Test
	void jsonBodyIsInvalidRequest() {
		HttpResponse<String> response = post(endpoint("token"), "{\"grant_type\":\"authorization_code\"}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response)).containsEntry("error", "invalid_request");
	}

	@Test
	void userinfoAnswersForTheAccessToken() {
		String accessToken = accessToken(ADMIN);
		OktaUser admin = orgs.find(ORG).orElseThrow().userByLogin(ADMIN).orElseThrow();

		HttpResponse<String> response = userInfo(accessToken);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response)).containsEntry("sub", admin.id())
			.containsEntry("preferred_username", ADMIN)
			.containsEntry("email", ADMIN)
			.containsEntry("name", "Ida Admin")
			.doesNotContainKey("groups");
		HttpResponse<String> posted = browser.send(HttpRequest.newBuilder(URI.create(endpoint("userinfo")))
			.header("Authorization", "Bearer " + accessToken)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(posted.statusCode()).isEqualTo(200);
	}

	@Test
	void userinfoRefusesBadMissingAndExpiredTokens() {
		HttpResponse<String> bad = userInfo("not-a-token");
		assertThat(bad.statusCode()).isEqualTo(401);
		assertThat(bad.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying(value -> assertThat(value).startsWith("Bearer ").contains("error=\"invalid_token\""));

		HttpResponse<String> missing = browser.get(endpoint("userinfo"));
		assertThat(missing.statusCode()).isEqualTo(401);
		assertThat(missing.headers().firstValue("WWW-Authenticate")).isPresent();

		String accessToken = accessToken(ADMIN);
		clock.advance(Duration.ofMinutes(61));
		assertThat(userInfo(accessToken).statusCode()).isEqualTo(401);
	}

	@Test
	void userinfoRefusesATokenOfAnotherOrg() {
		String accessToken = accessToken(ADMIN);

		HttpResponse<String> response = browser
			.send(HttpRequest.newBuilder(URI.create(base() + "/okta/globex/oauth2/v1/userinfo"))
				.header("Authorization", "Bearer " + accessToken)
				.build());

		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void introspectAndRevokeTheAppsOwnAccessToken() {
		String accessToken = accessToken(ADMIN);
		Map<String, String> form = Map.of("token", accessToken, "token_type_hint", "access_token");
		String introspect = endpoint("introspect");
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(introspect))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", "Basic " + java.util.Base64.getEncoder()
				.encodeToString((CLIENT_ID + ":" + SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8)));

		Map<String, Object> active = json(
				browser.send(request.copy().POST(HttpRequest.BodyPublishers.ofString(TestBrowser.form(form))).build()));
		assertThat(active).containsEntry("active", true)
			.containsEntry("client_id", CLIENT_ID)
			.containsEntry("username", ADMIN)
			.containsEntry("token_type", "Bearer");

		HttpResponse<String> revoked = browser.send(HttpRequest.newBuilder(URI.create(endpoint("revoke")))
			.headers("Content-Type", "application/x-www-form-urlencoded", "Authorization",
					request.build().headers().firstValue("Authorization").orElseThrow())
			.POST(HttpRequest.BodyPublishers.ofString(TestBrowser.form(form)))
			.build());
		assertThat(revoked.statusCode()).isEqualTo(200);
		assertThat(userInfo(accessToken).statusCode()).isEqualTo(401);
		assertThat(json(
				browser.send(request.copy().POST(HttpRequest.BodyPublishers.ofString(TestBrowser.form(form))).build())))
			.containsEntry("active", false);
	}

	@Test
	void logoutEndsTheSessionAndRedirectsWithState() {
		Pkce pkce = Pkce.create();
		String idToken = (String) json(redeem(code(authorizeParams(pkce), ADMIN), REDIRECT, pkce.verifier()))
			.get("id_token");

		HttpResponse<String> logout = browser.get(endpoint("logout") + "?" + TestBrowser.form(Map.of("id_token_hint",
				idToken, "post_logout_redirect_uri", "http://127.0.0.1:8080/", "state", "bye")));

		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(logout.headers().firstValue("Location")).hasValue("http://127.0.0.1:8080/?state=bye");
		assertThat(browser.get(authorizeUrl(authorizeParams(Pkce.create()))).statusCode())
			.as("the next authorize shows the form again")
			.isEqualTo(200);
	}

	@Test
	void logoutWithoutPostLogoutRedirectShowsASignedOutPage() {
		Pkce pkce = Pkce.create();
		String idToken = (String) json(redeem(code(authorizeParams(pkce), ADMIN), REDIRECT, pkce.verifier()))
			.get("id_token");

		HttpResponse<String> logout = browser.postForm(endpoint("logout"), Map.of("id_token_hint", idToken));

		assertThat(logout.statusCode()).isEqualTo(200);
		assertThat(logout.body()).contains("signed out");
	}

	@Test
	void logoutNeedsAnIdTokenHintThisOrgIssued() throws Exception {
		assertThat(browser.get(endpoint("logout") + "?post_logout_redirect_uri=http://127.0.0.1:8080/").statusCode())
			.isEqualTo(400);
		assertThat(browser.get(endpoint("logout") + "?id_token_hint=garbage").statusCode()).isEqualTo(400);

		Pkce pkce = Pkce.create();
		String idToken = (String) json(redeem(code(authorizeParams(pkce), ADMIN), REDIRECT, pkce.verifier()))
			.get("id_token");
		HttpResponse<String> otherOrg = browser
			.get(base() + "/okta/globex/oauth2/v1/logout?" + TestBrowser.form(Map.of("id_token_hint", idToken)));
		assertThat(otherOrg.statusCode()).isEqualTo(400);
		assertThat(otherOrg.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void logoutRefusesAnUnregisteredPostLogoutRedirect() {
		Pkce pkce = Pkce.create();
		String idToken = (String) json(redeem(code(authorizeParams(pkce), ADMIN), REDIRECT, pkce.verifier()))
			.get("id_token");

		HttpResponse<String> logout = browser.get(endpoint("logout") + "?" + TestBrowser
			.form(Map.of("id_token_hint", idToken, "post_logout_redirect_uri", "https://evil.example/", "state", "x")));

		assertThat(logout.statusCode()).isEqualTo(400);
		assertThat(logout.headers().firstValue("Location")).isEmpty();
		assertThat(logout.body()).contains("post_logout_redirect_uri");
	}

	@Test
	void controlApiRegistersARedirectUriForATestPortal() {
		String testRedirect = "http://127.0.0.1:54321/login/oauth2/code/acme";
		HttpResponse<String> added = post(base() + "/sandbox/api/okta/acme/oidc-apps/ferry-portal/redirect-uris",
				"{\"uri\":\"" + testRedirect + "\"}");
		assertThat(added.statusCode()).isEqualTo(200);
		assertThat(json(added).get("redirectUris")).isEqualTo(List.of(REDIRECT, testRedirect));
		Pkce pkce = Pkce.create();
		Map<String, String> params = authorizeParams(pkce);
		params.put("redirect_uri", testRedirect);

		String code = code(params, ADMIN);

		assertThat(redeem(code, testRedirect, pkce.verifier()).statusCode()).isEqualTo(200);
	}

	@Test
	void controlApiCreatesAnOidcApp() {
		HttpResponse<String> created = post(base() + "/sandbox/api/okta/globex/oidc-apps",
				"{\"label\":\"Other portal\",\"redirectUris\":[\"http://127.0.0.1:9999/cb\"],\"groupsClaim\":true}");

		assertThat(created.statusCode()).isEqualTo(201);
		Map<String, Object> app = json(created);
		assertThat((String) app.get("clientId")).startsWith("0oa");
		assertThat((String) app.get("clientSecret")).hasSizeGreaterThan(20);
		assertThat(browser.get(base() + "/sandbox/api/okta/globex/oidc-apps").body()).contains("Other portal",
				"ferry-portal");
		assertThat(post(base() + "/sandbox/api/okta/globex/oidc-apps",
				"{\"clientId\":\"ferry-portal\",\"redirectUris\":[\"http://127.0.0.1:9999/cb\"]}")
			.statusCode()).isEqualTo(409);
		assertThat(post(base() + "/sandbox/api/okta/globex/oidc-apps",
				"{\"redirectUris\":[\"http://127.0.0.1:9999/cb#frag\"]}")
			.statusCode()).isEqualTo(400);
	}

	private JWTClaimsSet idTokenClaims(Pkce pkce, Map<String, String> params, String username) throws Exception {
		HttpResponse<String> response = redeem(code(params, username), REDIRECT, pkce.verifier());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return SignedJWT.parse((String) json(response).get("id_token")).getJWTClaimsSet();
	}

	private String accessToken(String username) {
		Pkce pkce = Pkce.create();
		return (String) json(redeem(code(authorizeParams(pkce), username), REDIRECT, pkce.verifier()))
			.get("access_token");
	}

	private HttpResponse<String> userInfo(String accessToken) {
		return browser.send(HttpRequest.newBuilder(URI.create(endpoint("userinfo")))
			.header("Authorization", "Bearer " + accessToken)
			.build());
	}

}
