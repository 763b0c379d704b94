package dev.ferry.sandbox.okta.oidc;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.ferry.sandbox.okta.OktaOrgs;
import dev.ferry.sandbox.okta.OktaUser;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /authorize} and the sign-in form (docs/reference/okta.md §2.2). */
class OidcAuthorizeIT extends OidcITSupport {

	@Autowired
	OktaOrgs orgs;

	@Test
	void showsTheSignInFormWithTheLoginHintPrefilled() {
		Map<String, String> params = authorizeParams(Pkce.create());
		params.put("login_hint", ADMIN);

		HttpResponse<String> page = browser.get(authorizeUrl(params));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Sign In", "acme", "Username", "Password", "Sign in");
		assertThat(TestBrowser.inputValue(page.body(), "username")).isEqualTo(ADMIN);
		assertThat(TestBrowser.inputValue(page.body(), "stateToken")).isNotBlank();
		assertThat(page.headers().allValues("Set-Cookie"))
			.anySatisfy(cookie -> assertThat(cookie).startsWith("okta-signin=")
				.contains("Path=/okta/acme")
				.contains("HttpOnly")
				.contains("SameSite=Lax"));
	}

	@Test
	void signsInAndRedirectsWithCodeAndState() {
		Map<String, String> params = authorizeParams(Pkce.create());

		String code = code(params, ADMIN);

		assertThat(code).isNotBlank();
	}

	@Test
	void missingStateIsRedirectedAsInvalidRequest() {
		Map<String, String> params = authorizeParams(Pkce.create());
		params.remove("state");

		Map<String, String> error = redirectedError(params);

		assertThat(error).containsEntry("error", "invalid_request").doesNotContainKey("state");
		assertThat(error.get("error_description")).contains("state");
	}

	@Test
	void plainPkceIsRefused() {
		Map<String, String> params = authorizeParams(null);
		params.put("code_challenge", "a".repeat(43));
		params.put("code_challenge_method", "plain");

		Map<String, String> error = redirectedError(params);

		assertThat(error).containsEntry("error", "invalid_request").containsEntry("state", params.get("state"));
		assertThat(error.get("error_description")).contains("S256");
	}

	@Test
	void challengeWithoutMethodIsRefused() {
		Map<String, String> params = authorizeParams(Pkce.create());
		params.remove("code_challenge_method");

		assertThat(redirectedError(params)).containsEntry("error", "invalid_request");
	}

	@Test
	void unknownClientGetsAnErrorPageNotARedirect() {
		Map<String, String> params = authorizeParams(Pkce.create());
		params.put("client_id", "nosuch");

		HttpResponse<String> page = browser.get(authorizeUrl(params));

		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.headers().firstValue("Location")).isEmpty();
		assertThat(page.body()).contains("invalid_client");
	}

	@Test
	void unregisteredRedirectUriGetsAnErrorPageNotARedirect() {
		Map<String, String> params = authorizeParams(Pkce.create());
		params.put("redirect_uri", "http://127.0.0.1:8080/login/oauth2/code/acme/evil");

		HttpResponse<String> page = browser.get(authorizeUrl(params));

		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.headers().firstValue("Location")).isEmpty();
		assertThat(page.body()).contains("invalid_request").contains("redirect_uri");
	}

	@Test
	void otherResponseTypesAreUnsupported() {
		Map<String, String> params = authorizeParams(Pkce.create());
		params.put("response_type", "token");

		assertThat(redirectedError(params)).containsEntry("error", "unsupported_response_type");
	}

	@Test
	void openidScopeIsRequired() {
		Map<String, String> params = authorizeParams(Pkce.create());
		params.put("scope", "profile email");

		assertThat(redirectedError(params)).containsEntry("error", "invalid_scope");
	}

	@Test
	void unknownScopeIsRefused() {
		Map<String, String> params = authorizeParams(Pkce.create());
		params.put("scope", "openid okta.users.manage");

		assertThat(redirectedError(params)).containsEntry("error", "invalid_scope");
	}

	@Test
	void duplicatedParameterIsRefused() {
		Map<String, String> params = authorizeParams(Pkce.create());

		HttpResponse<String> answer = browser.get(authorizeUrl(params) + "&scope=openid");

		assertThat(answer.statusCode()).isEqualTo(302);
		assertThat(TestBrowser.params(answer.headers().firstValue("Location").orElseThrow())).containsEntry("error",
				"invalid_request");
	}

	@Test
	void promptNoneWithoutSessionIsLoginRequired() {
		Map<String, String> params = authorizeParams(Pkce.create());
		params.put("prompt", "none");

		assertThat(redirectedError(params)).containsEntry("error", "login_required")
			.containsEntry("state", params.get("state"));
	}

	@Test
	void wrongPasswordShowsTheFormAgainWithAnError() {
		HttpResponse<String> page = browser.get(authorizeUrl(authorizeParams(Pkce.create())));

		HttpResponse<String> answer = browser.submit(page, ADMIN, "wrong-password");

		assertThat(answer.statusCode()).isEqualTo(401);
		assertThat(answer.body()).contains("Unable to sign in");
		assertThat(TestBrowser.inputValue(answer.body(), "username")).isEqualTo(ADMIN);
		// the new form works
		HttpResponse<String> retry = browser.submit(answer, ADMIN, PASSWORD);
		assertThat(retry.statusCode()).isEqualTo(302);
	}

	@Test
	void unknownPersonGetsTheSameMessage() {
		HttpResponse<String> answer = browser.signIn(authorizeUrl(authorizeParams(Pkce.create())),
				"nobody@acme.example", PASSWORD);

		assertThat(answer.statusCode()).isEqualTo(401);
		assertThat(answer.body()).contains("Unable to sign in");
	}

	@Test
	void suspendedDeactivatedAndStagedPeopleAreRefused() {
		assertRefused("SUSPENDED", "Your account is suspended");
		assertRefused("DEPROVISIONED", "Your account has been deactivated");
		assertRefused("STAGED", "Your account is not activated yet");
	}

	private void assertRefused(String status, String message) {
		OktaUser user = orgs.find(ORG).orElseThrow().userByLogin("ada.stone@acme.example").orElseThrow();
		user.status(status, clock.instant());

		HttpResponse<String> answer = browser.signIn(authorizeUrl(authorizeParams(Pkce.create())),
				"ada.stone@acme.example", PASSWORD);

		assertThat(answer.statusCode()).isEqualTo(401);
		assertThat(answer.body()).contains(message);
		assertThat(answer.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void firstSignInOfAnImportedPersonGoesThroughThePasswordImportHook() {
		OktaUser user = orgs.find(ORG).orElseThrow().userByLogin("ben.reed@acme.example").orElseThrow();
		user.passwordImportHook(true);

		HttpResponse<String> refused = browser.signIn(authorizeUrl(authorizeParams(Pkce.create())),
				"ben.reed@acme.example", "not-what-sharefile-has");
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(user.passwordImportHook()).isTrue();

		HttpResponse<String> verified = browser.signIn(authorizeUrl(authorizeParams(Pkce.create())),
				"ben.reed@acme.example", TestClockConfig.IMPORTED_PASSWORD);
		assertThat(verified.statusCode()).isEqualTo(302);
		assertThat(user.passwordImportHook()).isFalse();
		assertThat(user.checkPassword(TestClockConfig.IMPORTED_PASSWORD)).isTrue();
	}

	@Test
	void formPostedWithoutTheBrowserCookieIsRefused() {
		HttpResponse<String> page = browser.get(authorizeUrl(authorizeParams(Pkce.create())));
		TestBrowser otherBrowser = new TestBrowser();

		HttpResponse<String> answer = otherBrowser.submit(page, ADMIN, PASSWORD);

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void formTokenWorksOnlyOnce() {
		HttpResponse<String> page = browser.get(authorizeUrl(authorizeParams(Pkce.create())));
		assertThat(browser.submit(page, ADMIN, PASSWORD).statusCode()).isEqualTo(302);

		assertThat(browser.submit(page, ADMIN, PASSWORD).statusCode()).isEqualTo(400);
	}

	@Test
	void secondAuthorizeUsesTheSessionUnlessPromptLogin() {
		code(authorizeParams(Pkce.create()), ADMIN);

		Map<String, String> again = authorizeParams(Pkce.create());
		HttpResponse<String> sso = browser.get(authorizeUrl(again));
		assertThat(sso.statusCode()).isEqualTo(302);
		assertThat(TestBrowser.params(sso.headers().firstValue("Location").orElseThrow())).containsKey("code")
			.containsEntry("state", again.get("state"));

		Map<String, String> none = authorizeParams(Pkce.create());
		none.put("prompt", "none");
		assertThat(browser.get(authorizeUrl(none)).statusCode()).isEqualTo(302);

		Map<String, String> login = authorizeParams(Pkce.create());
		login.put("prompt", "login");
		assertThat(browser.get(authorizeUrl(login)).statusCode()).isEqualTo(200);
	}

	@Test
	void signingEveryoneOutEndsTheSession() {
		code(authorizeParams(Pkce.create()), ADMIN);

		HttpResponse<String> signOut = browser
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/sandbox/api/okta/acme/sessions"))
				.DELETE()
				.build());

		assertThat(json(signOut)).containsEntry("signedOut", 1);
		assertThat(browser.get(authorizeUrl(authorizeParams(Pkce.create()))).statusCode()).isEqualTo(200);
	}

	@Test
	void sessionOfASuspendedPersonIsNotUsed() {
		code(authorizeParams(Pkce.create()), ADMIN);
		orgs.find(ORG).orElseThrow().userByLogin(ADMIN).orElseThrow().status("SUSPENDED", clock.instant());

		assertThat(browser.get(authorizeUrl(authorizeParams(Pkce.create()))).statusCode()).isEqualTo(200);
	}

	@Test
	void formPostResponseModeAutoSubmitsTheCode() {
		Map<String, String> params = authorizeParams(Pkce.create());
		params.put("response_mode", "form_post");

		HttpResponse<String> answer = browser.signIn(authorizeUrl(params), ADMIN, PASSWORD);

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(TestBrowser.formAction(answer.body())).isEqualTo(REDIRECT);
		assertThat(TestBrowser.inputValue(answer.body(), "code")).isNotBlank();
		assertThat(TestBrowser.inputValue(answer.body(), "state")).isEqualTo(params.get("state"));
	}

	private Map<String, String> redirectedError(Map<String, String> params) {
		HttpResponse<String> answer = browser.get(authorizeUrl(params));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
		String location = answer.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(REDIRECT + "?");
		return TestBrowser.params(location);
	}

}
