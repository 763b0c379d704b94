package dev.ferry.sandbox.okta.api;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.ferry.sandbox.okta.Caller;
import dev.ferry.sandbox.okta.OktaAccessTokens;
import dev.ferry.sandbox.okta.OktaErrors;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaOrgs;
import dev.ferry.sandbox.okta.OktaUser;

/**
 * The door of {@code /okta/{org}/api/v1/**} (docs/reference/okta.md §1, §3, §7): a
 * request id on every response, 404 for an unknown org, the bucket's rate limit with
 * {@code X-Rate-Limit-*} headers (429 E0000047), then {@code SSWS} or {@code Bearer}
 * authentication (401 E0000011) and, for access tokens, the endpoint's scope (403
 * E0000006). Passes the org and the {@link Caller} on as request attributes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class OktaApiGate extends OncePerRequestFilter {

	static final String ORG = ApiAttributes.ORG;

	static final String CALLER = ApiAttributes.CALLER;

	private static final char[] ID_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		.toCharArray();

	private final OktaOrgs orgs;

	private final OktaAccessTokens accessTokens;

	private final JsonMapper json;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	OktaApiGate(OktaOrgs orgs, OktaAccessTokens accessTokens, JsonMapper json, Clock clock) {
		this.orgs = orgs;
		this.accessTokens = accessTokens;
		this.json = json;
		this.clock = clock;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return apiPath(request) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String[] orgAndPath = apiPath(request);
		String requestId = requestId();
		response.setHeader("X-Okta-Request-Id", requestId);
		Optional<OktaOrg> found = orgs.find(orgAndPath[0]);
		if (found.isEmpty()) {
			write(response, 404, OktaErrors.notFound("Organization " + orgAndPath[0]));
			return;
		}
		OktaOrg org = found.get();
		RateLimits.Decision rate = org.extras()
			.rateLimits()
			.consume(RateLimits.bucket(request.getMethod(), orgAndPath[1]), clock.millis());
		response.setHeader("X-Rate-Limit-Limit", Integer.toString(rate.limit()));
		response.setHeader("X-Rate-Limit-Remaining", Integer.toString(rate.remaining()));
		response.setHeader("X-Rate-Limit-Reset", Long.toString(rate.resetEpochSecond()));
		if (!rate.allowed()) {
			write(response, 429, OktaErrors.rateLimited());
			return;
		}
		Caller.Actor actor = authenticate(org, request.getHeader("Authorization"), request.getMethod(), orgAndPath[1],
				response);
		if (actor == null) {
			return;
		}
		String baseUrl = request.getRequestURL().toString();
		baseUrl = baseUrl.substring(0, baseUrl.indexOf("/okta/" + org.name()) + 6 + org.name().length());
		String uri = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
		request.setAttribute(ORG, org);
		request.setAttribute(CALLER, new Caller(actor, requestId, uri, request.getRemoteAddr(),
				Optional.ofNullable(request.getHeader("User-Agent")).orElse("unknown"), baseUrl));
		chain.doFilter(request, response);
	}

	/** The actor behind the credentials, or null after writing the 401/403. */
	private Caller.Actor authenticate(OktaOrg org, String authorization, String method, String path,
			HttpServletResponse response) throws IOException {
		if (authorization != null && authorization.regionMatches(true, 0, "SSWS ", 0, 5)) {
			String token = authorization.substring(5).trim();
			if (org.apiTokens().containsKey(token)) {
				String adminId = org.apiTokens().get(token);
				OktaUser admin = org.user(adminId).orElse(null);
				return admin == null ? new Caller.Actor("00T" + token.hashCode(), "User", "api-token", "API token")
						: new Caller.Actor(admin.id(), "User", admin.login(),
								(admin.firstName() + " " + admin.lastName()).trim());
			}
		}
		else if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			var grant = accessTokens.find(org.name(), authorization.substring(7).trim());
			if (grant.isPresent()) {
				String scope = Scopes.required(method, path);
				if (!Scopes.allowed(scope, grant.get().scopes())) {
					response.setHeader("WWW-Authenticate", "Bearer authorization_uri=\"\", realm=\"IdpBearer\", "
							+ "scope=\"" + scope + "\", error=\"insufficient_scope\", "
							+ "error_description=\"The access token provided does not contain the required scopes.\"");
					write(response, 403, OktaErrors.accessDenied());
					return null;
				}
				return new Caller.Actor(grant.get().clientId(), "PublicClientApp", grant.get().clientId(),
						grant.get().clientId());
			}
		}
		write(response, 401, OktaErrors.invalidToken());
		return null;
	}

	private void write(HttpServletResponse response, int status, Map<String, Object> body) throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		json.writeValue(response.getOutputStream(), body);
	}

	private String requestId() {
		char[] id = new char[20];
		for (int i = 0; i < id.length; i++) {
			id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
		}
		return new String(id);
	}

	/**
	 * {@code /okta/acme/api/v1/users} → {@code [acme, /users]}; null outside the
	 * management API.
	 */
	static String[] apiPath(HttpServletRequest request) {
		String uri = request.getRequestURI().substring(request.getContextPath().length());
		if (!uri.startsWith("/okta/")) {
			return null;
		}
		int orgEnd = uri.indexOf('/', 6);
		if (orgEnd < 0 || !uri.startsWith("/api/v1/", orgEnd) && !uri.substring(orgEnd).equals("/api/v1")) {
			return null;
		}
		String path = uri.substring(orgEnd + "/api/v1".length());
		return new String[] { uri.substring(6, orgEnd), path.isEmpty() ? "/" : path };
	}

}
