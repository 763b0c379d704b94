package dev.ferry.sandbox.sharefile.oauth;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.sandbox.sharefile.OAuthClient;
import dev.ferry.sandbox.sharefile.SfUser;
import dev.ferry.sandbox.sharefile.ShareFileAccount;
import dev.ferry.sandbox.sharefile.ShareFileAccounts;
import dev.ferry.sandbox.sharefile.ShareFileTokens;

/**
 * {@code /sharefile/{sub}/oauth/token} (§1.1): grants {@code password},
 * {@code refresh_token} (rotated) and {@code authorization_code}, form-encoded, client id
 * and secret in the body. {@code ?requirev3=true} is accepted. The grant in the query
 * string of a GET, seen in one public script, is tolerated.
 */
@RestController
class OAuthTokenController {

	private final ShareFileAccounts accounts;

	private final ShareFileTokens tokens;

	private final SignIn signIn;

	OAuthTokenController(ShareFileAccounts accounts, ShareFileTokens tokens, SignIn signIn) {
		this.accounts = accounts;
		this.tokens = tokens;
		this.signIn = signIn;
	}

	@RequestMapping(path = "/sharefile/{sub}/oauth/token", method = { RequestMethod.POST, RequestMethod.GET })
	ResponseEntity<Map<String, Object>> token(@PathVariable String sub,
			@RequestParam MultiValueMap<String, String> form, HttpServletRequest request) {
		ShareFileAccount account = accounts.find(sub)
			.orElseThrow(() -> new OAuthError(404, "invalid_request", "There is no ShareFile account " + sub + "."));
		OAuthClient client = signIn.client(account, form.getFirst("client_id"), form.getFirst("client_secret"));
		String grantType = form.getFirst("grant_type");
		SfUser user = switch (grantType == null ? "" : grantType) {
			case "password" -> signIn.user(account, form.getFirst("username"), form.getFirst("password"));
			case "refresh_token" -> fromGrant(account,
					tokens.redeemRefresh(sub, form.getFirst("refresh_token"), client.clientId()), "refresh token");
			case "authorization_code" -> fromGrant(account,
					tokens.redeemCode(sub, form.getFirst("code"), client.clientId(), form.getFirst("redirect_uri")),
					"authorization code");
			default -> throw new OAuthError("unsupported_grant_type",
					"The grant type " + (grantType == null ? "(none)" : grantType) + " is not supported.");
		};
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(signIn.tokenResponse(request, account, user, client.clientId()));
	}

	private static SfUser fromGrant(ShareFileAccount account, java.util.Optional<ShareFileTokens.Grant> grant,
			String what) {
		return grant.flatMap(value -> account.user(value.userId()))
			.filter(user -> !user.disabled())
			.orElseThrow(() -> OAuthError.invalidGrant("The " + what + " is invalid, expired or already used."));
	}

	@ExceptionHandler(OAuthError.class)
	ResponseEntity<Map<String, String>> refused(OAuthError error) {
		return ResponseEntity.status(error.status())
			.cacheControl(CacheControl.noStore())
			.body(Map.of("error", error.error(), "error_description", error.getMessage()));
	}

}
