package dev.ferry.sandbox.okta.oidc;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the OIDC contract tests share: one sandbox on a random port with a movable clock,
 * reset to the demo world before each test, and helpers for the authorize and token calls
 * of the demo org {@code acme} and its {@code ferry-portal} app.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfig.class)
abstract class OidcITSupport {

	static final String ORG = "acme";

	static final String CLIENT_ID = "ferry-portal";

	static final String SECRET = "ferry-portal-secret-acme";

	static final String REDIRECT = "http://127.0.0.1:8080/login/oauth2/code/acme";

	static final String ADMIN = "it.admin@acme.example";

	static final String PASSWORD = "Ferry-demo-1";

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SecureRandom RANDOM = new SecureRandom();

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	TestBrowser browser;

	@BeforeEach
	void resetSandbox() {
		clock.reset();
		browser = new TestBrowser();
		HttpResponse<String> reset = browser.send(HttpRequest.newBuilder(URI.create(base() + "/sandbox/api/reset"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(reset.statusCode()).isEqualTo(204);
	}

	String base() {
		return "http://127.0.0.1:" + port;
	}

	String orgUrl() {
		return base() + "/okta/" + ORG;
	}

	String endpoint(String name) {
		return orgUrl() + "/oauth2/v1/" + name;
	}

	/**
	 * The usual portal request: code, openid profile email groups, a state and a nonce,
	 * PKCE S256.
	 */
	Map<String, String> authorizeParams(Pkce pkce) {
		Map<String, String> params = new LinkedHashMap<>();
		params.put("client_id", CLIENT_ID);
		params.put("response_type", "code");
		params.put("scope", "openid profile email groups");
		params.put("redirect_uri", REDIRECT);
		params.put("state", "state-" + RANDOM.nextInt(1_000_000));
		params.put("nonce", "nonce-" + RANDOM.nextInt(1_000_000));
		if (pkce != null) {
			params.put("code_challenge", pkce.challenge());
			params.put("code_challenge_method", "S256");
		}
		return params;
	}

	String authorizeUrl(Map<String, String> params) {
		return endpoint("authorize") + "?" + TestBrowser.form(params);
	}

	/** A custom authorization server's issuer: {@code {org URL}/oauth2/{asId}}. */
	String issuer(String asId) {
		return orgUrl() + "/oauth2/" + asId;
	}

	/** A custom authorization server's endpoint: {@code {issuer}/v1/{name}}. */
	String endpoint(String asId, String name) {
		return issuer(asId) + "/v1/" + name;
	}

	/**
	 * Signs in as the person and returns the code from the redirect (asserting the state
	 * came back).
	 */
	String code(Map<String, String> params, String username) {
		return code(endpoint("authorize"), params, username);
	}

	/** As {@link #code(Map, String)}, at the given authorize endpoint. */
	String code(String authorizeEndpoint, Map<String, String> params, String username) {
		HttpResponse<String> answer = browser.signIn(authorizeEndpoint + "?" + TestBrowser.form(params), username,
				PASSWORD);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
		String location = answer.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(params.get("redirect_uri") + "?");
		Map<String, String> query = TestBrowser.params(location);
		assertThat(query).containsEntry("state", params.get("state"));
		return query.get("code");
	}

	HttpResponse<String> token(Map<String, String> form, String basicUser, String basicSecret) {
		return token(endpoint("token"), form, basicUser, basicSecret);
	}

	HttpResponse<String> token(String tokenEndpoint, Map<String, String> form, String basicUser, String basicSecret) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(tokenEndpoint))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json");
		if (basicUser != null) {
			request.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((basicUser + ":" + basicSecret).getBytes(StandardCharsets.UTF_8)));
		}
		return browser.send(request.POST(HttpRequest.BodyPublishers.ofString(TestBrowser.form(form))).build());
	}

	HttpResponse<String> redeem(String code, String redirectUri, String verifier) {
		return redeem(endpoint("token"), code, redirectUri, verifier);
	}

	HttpResponse<String> redeem(String tokenEndpoint, String code, String redirectUri, String verifier) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", code);
		form.put("redirect_uri", redirectUri);
		form.put("code_verifier", verifier);
		return token(tokenEndpoint, form, CLIENT_ID, SECRET);
	}

	HttpResponse<String> post(String url, String json) {
		return browser.send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	HttpResponse<String> put(String url, String json) {
		return browser.send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> json(HttpResponse<String> response) {
		return JSON.readValue(response.body(), Map.class);
	}

	record Pkce(String verifier, String challenge) {

		static Pkce create() {
			byte[] bytes = new byte[32];
			RANDOM.nextBytes(bytes);
			String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
			return new Pkce(verifier, TokenController.s256(verifier));
		}

	}

}
