package dev.ferry.auditfeed;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Refusals;
import dev.ferry.system.TenantContext;

/**
 * The one gate in front of the audit API: a request reads nothing (no body; 413 for one),
 * presents a live token ({@link ApiTokens}) or is refused 401 — recorded through
 * {@link Refusals} in the log of no organisation (the API's URLs name none, and a wrong
 * token belongs to nobody), and a client refused too often this minute gets 429 before
 * any lookup. An admitted request goes on as the token's organisation
 * ({@link TenantContext}) with the {@link ApiTokens.Caller} as its authentication.
 */
final class ApiGate extends OncePerRequestFilter {

	/** What refusals of this API are counted and summarised under. */
	static final String SOURCE = "audit_api";

	private final ApiTokens tokens;

	private final Refusals refusals;

	private final JsonMapper json;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	ApiGate(ApiTokens tokens, Refusals refusals, JsonMapper json) {
		this.tokens = tokens;
		this.refusals = refusals;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
			answer(response, new ApiProblem(413, "Content too large", "The audit API reads no request body."));
			return;
		}
		if (refusals.throttled(null, SOURCE)) {
			response.setHeader("Retry-After", Long.toString(refusals.retryAfterSeconds()));
			answer(response,
					new ApiProblem(429, "Too many requests", "Too many requests with a wrong token; try again later."));
			return;
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		String bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
				? authorization.substring(7) : null;
		ApiTokens.Caller caller = tokens.authenticate(bearer).orElse(null);
		if (caller == null) {
			refusals.refused(SOURCE,
					new AuditEntry(null, AuditEntry.Actor.anonymous(), "audit.api.rejected", "audit_api",
							request.getMethod() + " " + request.getRequestURI(), AuditEntry.Outcome.DENIED,
							Map.of("reason", authorization == null ? "no Authorization header" : "unknown token")));
			answer(response, new ApiProblem(401, "Unauthorized",
					"Present a live audit API token as \"Authorization: Bearer <token>\"."));
			return;
		}
		SecurityContext context = contexts.createEmptyContext();
		context.setAuthentication(new PreAuthenticatedAuthenticationToken(caller, null, List.of()));
		contexts.setContext(context);
		TenantContext.set(caller.tenant());
		try {
			chain.doFilter(request, response);
		}
		finally {
			TenantContext.clear();
			contexts.clearContext();
		}
	}

	private void answer(HttpServletResponse response, ApiProblem problem) throws IOException {
		response.setStatus(problem.status());
		response.setContentType(ApiProblem.PROBLEM_JSON.toString());
		if (problem.status() == 401) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ferry-audit\"");
		}
		json.writeValue(response.getOutputStream(), problem.body());
	}

}
