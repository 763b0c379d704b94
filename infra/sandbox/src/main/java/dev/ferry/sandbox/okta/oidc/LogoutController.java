package dev.ferry.sandbox.okta.oidc;

import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.ModelAndView;

import dev.ferry.sandbox.okta.OidcClient;
import dev.ferry.sandbox.okta.OktaOrg;

/**
 * {@code GET|POST /okta/{org}/oauth2/v1/logout} and
 * {@code /okta/{org}/oauth2/{asId}/v1/logout} (docs/reference/okta.md §2.4):
 * {@code id_token_hint} is required and must be an ID token this server issued (its
 * signature and issuer; an expired one is still accepted, as the portal may hold an old
 * one); {@code post_logout_redirect_uri}, when given, must be one of that app's sign-out
 * redirect URIs. Ends the browser's Okta session (one per org, whichever server it signed
 * in through), then redirects with {@code state}.
 */
@Controller
class LogoutController {

	private final OidcOrgs orgs;

	private final AuthServers servers;

	private final SigningKeys keys;

	private final SignInSessions sessions;

	LogoutController(OidcOrgs orgs, AuthServers servers, SigningKeys keys, SignInSessions sessions) {
		this.orgs = orgs;
		this.servers = servers;
		this.keys = keys;
		this.sessions = sessions;
	}

	@RequestMapping(path = { "/okta/{org}/oauth2/v1/logout", "/okta/{org}/oauth2/{asId}/v1/logout" },
			method = { RequestMethod.GET, RequestMethod.POST })
	ModelAndView logout(@PathVariable String org, @PathVariable(required = false) String asId,
			@CookieValue(name = SignInSessions.COOKIE, required = false) String sessionId, HttpServletRequest request,
			HttpServletResponse response) {
		OktaOrg oktaOrg = orgs.require(org);
		AuthServer server = servers.require(org, asId);
		String hint;
		String postLogoutRedirectUri;
		String state;
		try {
			hint = OAuthResponses.single(request, "id_token_hint");
			postLogoutRedirectUri = OAuthResponses.single(request, "post_logout_redirect_uri");
			state = OAuthResponses.single(request, "state");
		}
		catch (OidcException ex) {
			return AuthorizeController.errorPage(ex.error(), ex.description());
		}
		if (hint == null) {
			return AuthorizeController.errorPage("invalid_request", "The 'id_token_hint' parameter is required.");
		}
		OidcClient client = issuedClient(oktaOrg, server, hint, server.issuer(request));
		if (client == null) {
			return AuthorizeController.errorPage("invalid_request",
					"The 'id_token_hint' parameter is not an ID token issued by this authorization server.");
		}
		if (postLogoutRedirectUri != null && !client.postLogoutRedirectUris().contains(postLogoutRedirectUri)) {
			return AuthorizeController.errorPage("invalid_request",
					"The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in the client app settings.");
		}
		sessions.end(sessionId);
		response.addHeader(HttpHeaders.SET_COOKIE,
				ResponseCookie.from(SignInSessions.COOKIE, "")
					.path(OrgUrls.cookiePath(request, org))
					.maxAge(0)
					.httpOnly(true)
					.sameSite("Lax")
					.build()
					.toString());
		if (postLogoutRedirectUri == null) {
			ModelAndView page = new ModelAndView("okta/signed-out");
			page.addObject("orgName", org);
			return page;
		}
		Map<String, String> params = new LinkedHashMap<>();
		params.put("state", state);
		return OAuthResponses.redirect(OAuthResponses.withParams(postLogoutRedirectUri, params, false));
	}

	/**
	 * The app an ID token was issued to, when the token was signed by this server for
	 * this issuer; else null.
	 */
	private OidcClient issuedClient(OktaOrg org, AuthServer server, String idToken, String issuer) {
		try {
			SignedJWT jwt = SignedJWT.parse(idToken);
			if (!keys.signedBy(server, jwt)) {
				return null;
			}
			JWTClaimsSet claims = jwt.getJWTClaimsSet();
			List<String> audience = claims.getAudience();
			if (!issuer.equals(claims.getIssuer()) || audience == null || audience.size() != 1) {
				return null;
			}
			return org.oidcClient(audience.get(0)).orElse(null);
		}
		catch (ParseException ex) {
			return null;
		}
	}

}
