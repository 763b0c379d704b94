package dev.ferry.sandbox.sharefile.oauth;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.sharefile.OAuthClient;
import dev.ferry.sandbox.sharefile.SfUser;
import dev.ferry.sandbox.sharefile.ShareFileAccount;
import dev.ferry.sandbox.sharefile.ShareFileTokens;

/**
 * What the token endpoint and the authorize page share: checking a client and a user's
 * password, and the §1.2 token response. {@code subdomain}/{@code apicp}/{@code appcp}:
 * the sandbox serves every account on one host under a path, so {@code apicp} and
 * {@code appcp} are the sandbox's own {@code host:port} and the API is at
 * {@code http://{apicp}/sharefile/{subdomain}/sf/v3} — clients here use the configured
 * Base URL ({@code …/sharefile/{sub}}) rather than composing
 * {@code https://{subdomain}.{apicp}}.
 */
@Component
class SignIn {

	private final ShareFileTokens tokens;

	private final Clock clock;

	SignIn(ShareFileTokens tokens, Clock clock) {
		this.tokens = tokens;
		this.clock = clock;
	}

	OAuthClient client(ShareFileAccount account, String clientId, String clientSecret) {
		return account.client(clientId)
			.filter(client -> clientSecret != null && client.secretMatches(clientSecret))
			.orElseThrow(OAuthError::invalidClient);
	}

	/**
	 * The active user with this e-mail and password; anything else is invalid_grant,
	 * saying no more.
	 */
	SfUser user(ShareFileAccount account, String username, String password) {
		return account.atomically(() -> account.userByEmail(username)
			.filter(SfUser::canSignIn)
			.filter(user -> user.passwordMatches(password))
			.orElseThrow(() -> OAuthError.invalidGrant("The username or password is incorrect.")));
	}

	Map<String, Object> tokenResponse(HttpServletRequest request, ShareFileAccount account, SfUser user,
			String clientId) {
		account.atomically(() -> {
			user.recordLogin(clock.instant());
			return null;
		});
		ShareFileTokens.Issued issued = tokens.issue(account.subdomain(), user.id(), clientId);
		boolean admin = user.managesEmployees();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("access_token", issued.accessToken());
		json.put("refresh_token", issued.refreshToken());
		json.put("token_type", "bearer");
		json.put("expires_in", issued.expiresIn());
		json.put("appcp", host(request));
		json.put("apicp", host(request));
		json.put("subdomain", account.subdomain());
		json.put("access_files_folders", true);
		json.put("modify_files_folders", true);
		json.put("admin_users", admin || user.managesClients());
		json.put("admin_accounts", admin);
		json.put("change_my_settings", true);
		json.put("web_app_login", true);
		return json;
	}

	static String host(HttpServletRequest request) {
		int port = request.getServerPort();
		boolean defaultPort = ("http".equals(request.getScheme()) && port == 80)
				|| ("https".equals(request.getScheme()) && port == 443);
		return request.getServerName() + (defaultPort ? "" : ":" + port);
	}

}
