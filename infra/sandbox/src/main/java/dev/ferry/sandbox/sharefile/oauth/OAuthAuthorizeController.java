package dev.ferry.sandbox.sharefile.oauth;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

import dev.ferry.sandbox.sharefile.OAuthClient;
import dev.ferry.sandbox.sharefile.SfUser;
import dev.ferry.sandbox.sharefile.ShareFileAccount;
import dev.ferry.sandbox.sharefile.ShareFileAccounts;
import dev.ferry.sandbox.sharefile.ShareFileTokens;

/**
 * The browser half of the authorization-code flow (§1.1): a sign-in form at
 * {@code /sharefile/{sub}/oauth/authorize}; on success a redirect to the registered
 * {@code redirect_uri?code=…&state=…&subdomain=…&apicp=…&appcp=…}.
 */
@Controller
class OAuthAuthorizeController {

	private final ShareFileAccounts accounts;

	private final ShareFileTokens tokens;

	private final SignIn signIn;

	OAuthAuthorizeController(ShareFileAccounts accounts, ShareFileTokens tokens, SignIn signIn) {
		this.accounts = accounts;
		this.tokens = tokens;
		this.signIn = signIn;
	}

	@GetMapping("/sharefile/{sub}/oauth/authorize")
	String form(@PathVariable String sub, @RequestParam(name = "response_type", required = false) String responseType,
			@RequestParam(name = "client_id", required = false) String clientId,
			@RequestParam(name = "redirect_uri", required = false) String redirectUri,
			@RequestParam(required = false) String state, Model model) {
		ShareFileAccount account = account(sub);
		OAuthClient client = checkedClient(account, clientId, redirectUri);
		if (!"code".equals(responseType)) {
			return "redirect:" + UriComponentsBuilder.fromUriString(redirectUri)
				.queryParam("error", "unsupported_response_type")
				.queryParamIfPresent("state", java.util.Optional.ofNullable(state))
				.build()
				.encode()
				.toUriString();
		}
		model.addAttribute("sub", sub);
		model.addAttribute("clientId", client.clientId());
		model.addAttribute("redirectUri", redirectUri);
		model.addAttribute("state", state);
		return "sharefile/authorize";
	}

	@PostMapping("/sharefile/{sub}/oauth/authorize")
	String signIn(@PathVariable String sub, @RequestParam(name = "client_id") String clientId,
			@RequestParam(name = "redirect_uri") String redirectUri, @RequestParam(required = false) String state,
			@RequestParam String username, @RequestParam String password, Model model, HttpServletRequest request) {
		ShareFileAccount account = account(sub);
		OAuthClient client = checkedClient(account, clientId, redirectUri);
		SfUser user;
		try {
			user = signIn.user(account, username, password);
		}
		catch (OAuthError ex) {
			model.addAttribute("sub", sub);
			model.addAttribute("clientId", client.clientId());
			model.addAttribute("redirectUri", redirectUri);
			model.addAttribute("state", state);
			model.addAttribute("username", username);
			model.addAttribute("error", ex.getMessage());
			return "sharefile/authorize";
		}
		String code = tokens.issueCode(sub, user.id(), client.clientId(), redirectUri);
		String host = SignIn.host(request);
		return "redirect:" + UriComponentsBuilder.fromUriString(redirectUri)
			.queryParam("code", code)
			.queryParamIfPresent("state", java.util.Optional.ofNullable(state))
			.queryParam("subdomain", sub)
			.queryParam("apicp", host)
			.queryParam("appcp", host)
			.build()
			.encode()
			.toUriString();
	}

	private ShareFileAccount account(String sub) {
		return accounts.find(sub)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No ShareFile account " + sub));
	}

	/**
	 * An unknown client or unregistered redirect_uri is shown, never redirected to (RFC
	 * 6749 §4.1.2.1).
	 */
	private static OAuthClient checkedClient(ShareFileAccount account, String clientId, String redirectUri) {
		OAuthClient client = account.client(clientId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown client_id"));
		if (!client.allowsRedirect(redirectUri)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "redirect_uri is not registered for this client");
		}
		return client;
	}

}
