package dev.ferry.sandbox.sharefile;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.util.UriComponentsBuilder;

import dev.ferry.sandbox.sharefile.SfHttp.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/** §1 OAuth and §1.4 bearer auth against a fresh account. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShareFileOAuthIT {

	@LocalServerPort
	int port;

	SfHttp sf;

	String sub;

	@BeforeEach
	void freshAccount() {
		sf = new SfHttp(port);
		sub = sf.newAccount(10);
	}

	Map<String, String> password(String username, String password) {
		return Map.of("grant_type", "password", "client_id", "sandbox-client", "client_secret", "sandbox-secret",
				"username", username, "password", password);
	}

	@Test
	void passwordGrantAnswersTheDocumentedTokenShape() {
		Reply reply = sf.token(sub, password("SF.Admin@" + sub + ".example", "Ferry-demo-1"));

		assertThat(reply.status()).isEqualTo(200);
		Map<String, Object> token = reply.json();
		assertThat(token).containsKeys("access_token", "refresh_token")
			.containsEntry("token_type", "bearer")
			.containsEntry("expires_in", 28800)
			.containsEntry("subdomain", sub)
			.containsEntry("apicp", "127.0.0.1:" + port)
			.containsEntry("appcp", "127.0.0.1:" + port);
		assertThat(token).containsEntry("access_files_folders", true)
			.containsEntry("modify_files_folders", true)
			.containsEntry("admin_users", true)
			.containsEntry("admin_accounts", true)
			.containsEntry("change_my_settings", true)
			.containsEntry("web_app_login", true);
		assertThat((String) token.get("access_token")).contains("$$");
		// the API is found again from apicp and subdomain
		Reply me = sf.send("GET",
				"http://" + token.get("apicp") + "/sharefile/" + token.get("subdomain") + "/sf/v3/Users",
				(String) token.get("access_token"), null);
		assertThat(me.json()).containsEntry("Email", "sf.admin@" + sub + ".example");
	}

	@Test
	void badCredentialsClientsAndGrantsAreRefusedAsOAuthErrors() {
		Reply wrongPassword = sf.token(sub, password("sf.admin@" + sub + ".example", "nope-123456"));
		assertThat(wrongPassword.status()).isEqualTo(400);
		assertThat(wrongPassword.json()).containsEntry("error", "invalid_grant").containsKey("error_description");

		Reply unknownUser = sf.token(sub, password("nobody@" + sub + ".example", "Ferry-demo-1"));
		assertThat(unknownUser.json()).containsEntry("error", "invalid_grant");

		Reply badSecret = sf.token(sub, Map.of("grant_type", "password", "client_id", "sandbox-client", "client_secret",
				"wrong", "username", "sf.admin@" + sub + ".example", "password", "Ferry-demo-1"));
		assertThat(badSecret.status()).isEqualTo(400);
		assertThat(badSecret.json()).containsEntry("error", "invalid_client");

		Reply unknownClient = sf.token(sub, Map.of("grant_type", "password", "client_id", "other", "client_secret",
				"sandbox-secret", "username", "sf.admin@" + sub + ".example", "password", "Ferry-demo-1"));
		assertThat(unknownClient.json()).containsEntry("error", "invalid_client");

		Reply saml = sf.token(sub, Map.of("grant_type", "urn:ietf:params:oauth:grant-type:saml2-bearer", "client_id",
				"sandbox-client", "client_secret", "sandbox-secret", "assertion", "x"));
		assertThat(saml.status()).isEqualTo(400);
		assertThat(saml.json()).containsEntry("error", "unsupported_grant_type");

		Reply badRefresh = sf.token(sub, Map.of("grant_type", "refresh_token", "client_id", "sandbox-client",
				"client_secret", "sandbox-secret", "refresh_token", "made-up"));
		assertThat(badRefresh.json()).containsEntry("error", "invalid_grant");
	}

	@Test
	void refreshTokensRotate() {
		Map<String, Object> first = sf.token(sub, password("sf.admin@" + sub + ".example", "Ferry-demo-1")).json();
		Map<String, String> refresh = Map.of("grant_type", "refresh_token", "client_id", "sandbox-client",
				"client_secret", "sandbox-secret", "refresh_token", (String) first.get("refresh_token"));

		Reply second = sf.token(sub, refresh);
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.json().get("refresh_token")).isNotEqualTo(first.get("refresh_token"));
		assertThat(sf.get(sub, "Users", (String) second.json().get("access_token")).status()).isEqualTo(200);

		Reply reused = sf.token(sub, refresh);
		assertThat(reused.status()).isEqualTo(400);
		assertThat(reused.json()).containsEntry("error", "invalid_grant");
	}

	@Test
	void missingInvalidAndExpiredBearerTokensAre401WithTheShareFileBody() {
		for (String token : new String[] { null, "not-a-token" }) {
			Reply reply = sf.get(sub, "Users", token);
			assertThat(reply.status()).isEqualTo(401);
			assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
			assertThat(reply.json()).containsEntry("code", "Unauthorized")
				.containsEntry("reason", "NotAuthenticated")
				.containsEntry("message", Map.of("lang", "en-US", "value", "You must log in to view this link."));
		}

		Map<String, Object> issued = sf.token(sub, password("sf.admin@" + sub + ".example", "Ferry-demo-1")).json();
		String access = (String) issued.get("access_token");
		assertThat(sf.get(sub, "Users", access).status()).isEqualTo(200);
		Reply expired = sf.send("POST", "/sandbox/api/sharefile/" + sub + "/tokens/expire", null,
				"{\"accessToken\":\"" + access + "\"}");
		assertThat(expired.json()).containsEntry("expired", 1);
		assertThat(sf.get(sub, "Users", access).status()).isEqualTo(401);

		// the refresh path a client takes after a 401
		Reply refreshed = sf.token(sub, Map.of("grant_type", "refresh_token", "client_id", "sandbox-client",
				"client_secret", "sandbox-secret", "refresh_token", (String) issued.get("refresh_token")));
		assertThat(sf.get(sub, "Users", (String) refreshed.json().get("access_token")).status()).isEqualTo(200);

		// a token of one account does not open another
		assertThat(sf.get("acme", "Users", access).status()).isEqualTo(401);
	}

	@Test
	void authorizationCodeFlowThroughTheSignInForm() {
		String redirect = "http://127.0.0.1:8080/callback";
		String authorize = "/sharefile/" + sub
				+ "/oauth/authorize?response_type=code&client_id=sandbox-client&redirect_uri=" + redirect
				+ "&state=xyz";
		Reply form = sf.send("GET", authorize, null, null);
		assertThat(form.status()).isEqualTo(200);
		assertThat(form.body()).contains("name=\"password\"");

		Reply badRedirect = sf.send("GET", authorize.replace("127.0.0.1:8080", "evil.example"), null, null);
		assertThat(badRedirect.status()).isEqualTo(400);

		Reply signedIn = sf.send("POST", "/sharefile/" + sub + "/oauth/authorize", null, null,
				Map.of("Content-Type", "application/x-www-form-urlencoded"));
		assertThat(signedIn.status()).isEqualTo(400); // missing fields

		Reply ok = postForm("/sharefile/" + sub + "/oauth/authorize", "client_id=sandbox-client&redirect_uri="
				+ redirect + "&state=xyz&username=sf.admin%40" + sub + ".example&password=Ferry-demo-1");
		assertThat(ok.status()).isEqualTo(302);
		var query = UriComponentsBuilder.fromUri(URI.create(ok.header("Location"))).build().getQueryParams();
		assertThat(ok.header("Location")).startsWith(redirect + "?");
		assertThat(query.getFirst("state")).isEqualTo("xyz");
		assertThat(query.getFirst("subdomain")).isEqualTo(sub);
		assertThat(query.getFirst("apicp")).isEqualTo("127.0.0.1:" + port);
		assertThat(query.getFirst("appcp")).isEqualTo("127.0.0.1:" + port);

		Map<String, String> exchange = Map.of("grant_type", "authorization_code", "client_id", "sandbox-client",
				"client_secret", "sandbox-secret", "code", query.getFirst("code"));
		Reply token = sf.token(sub, exchange);
		assertThat(token.status()).isEqualTo(200);
		assertThat(sf.get(sub, "Users", (String) token.json().get("access_token")).json()).containsEntry("Email",
				"sf.admin@" + sub + ".example");
		assertThat(sf.token(sub, exchange).json()).containsEntry("error", "invalid_grant");

		Reply wrongPassword = postForm("/sharefile/" + sub + "/oauth/authorize",
				"client_id=sandbox-client&redirect_uri=" + redirect + "&username=sf.admin%40" + sub
						+ ".example&password=wrong");
		assertThat(wrongPassword.status()).isEqualTo(200);
		assertThat(wrongPassword.body()).contains("incorrect");
	}

	@Test
	void controlApiMintsCodes() {
		Reply code = sf.send("POST", "/sandbox/api/sharefile/" + sub + "/oauth/codes", null,
				"{\"clientId\":\"sandbox-client\",\"username\":\"sf.admin@" + sub + ".example\"}");
		Reply token = sf.token(sub, Map.of("grant_type", "authorization_code", "client_id", "sandbox-client",
				"client_secret", "sandbox-secret", "code", (String) code.json().get("code")));
		assertThat(token.status()).isEqualTo(200);
	}

	@Test
	void disabledUsersCannotSignInAndTheirTokensStopWorking() {
		String user = (String) sf
			.send("POST", "/sandbox/api/sharefile/" + sub + "/users", null,
					"{\"email\":\"dee@" + sub
							+ ".example\",\"firstName\":\"Dee\",\"lastName\":\"Lee\",\"password\":\"Secret-123\"}")
			.json()
			.get("id");
		String token = sf.login(sub, "dee@" + sub + ".example", "Secret-123");
		assertThat(sf.get(sub, "Users", token).status()).isEqualTo(200);

		sf.send("POST", "/sandbox/api/sharefile/" + sub + "/users/" + user + "/disable", null, null);

		assertThat(sf.get(sub, "Users", token).status()).isEqualTo(401);
		assertThat(sf.token(sub, password("dee@" + sub + ".example", "Secret-123")).json()).containsEntry("error",
				"invalid_grant");
	}

	private Reply postForm(String path, String form) {
		return sf.sendRaw("POST", path, form, "application/x-www-form-urlencoded");
	}

}
