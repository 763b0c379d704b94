package dev.ferry.sandbox.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Every request to an org ({@code /okta/{org}/...}) or account
 * ({@code /sharefile/{sub}/...}) passes here: the target's faults are applied first
 * (outage, throttle, errors, latency), then the request is served and recorded in the
 * {@link RequestLog}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class SandboxTrafficFilter extends OncePerRequestFilter {

	private static final int BODY_KEPT_BYTES = 16 * 1024;

	private final Faults faults;

	private final RequestLog log;

	private final Clock clock;

	private final Map<TargetKind, FaultResponder> responders = new EnumMap<>(TargetKind.class);

	SandboxTrafficFilter(Faults faults, RequestLog log, Clock clock, List<FaultResponder> responders) {
		this.faults = faults;
		this.log = log;
		this.clock = clock;
		responders.forEach(responder -> this.responders.put(responder.kind(), responder));
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return target(request) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Target target = target(request);
		long started = System.nanoTime();
		long sequence = log.nextSequence();
		ContentCachingRequestWrapper cachedRequest = new ContentCachingRequestWrapper(request, BODY_KEPT_BYTES);
		ContentCachingResponseWrapper cachedResponse = new ContentCachingResponseWrapper(response);
		// a sign-in (token request) is not a write: with write faults people can still
		// authenticate and read
		String method = request.getRequestURI().endsWith("/oauth/token") || request.getRequestURI().endsWith("/token")
				? "GET" : request.getMethod();
		Faults.Decision decision = faults.decide(target.id(), method);
		try {
			pause(decision.delayMillis());
			if (decision.serves()) {
				chain.doFilter(cachedRequest, cachedResponse);
			}
			else {
				FaultResponder responder = responders.get(target.id().kind());
				if (responder != null) {
					responder.respond(decision, cachedResponse);
				}
				else {
					cachedResponse.sendError(decision.status());
				}
			}
		}
		finally {
			boolean write = !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod());
			byte[] body = cachedRequest.getContentAsByteArray();
			log.record(target.id(),
					new RecordedRequest(sequence, clock.instant(), request.getMethod(), target.path(),
							request.getQueryString(), cachedResponse.getStatus(),
							Math.max(body.length, request.getContentLengthLong()), cachedResponse.getContentSize(),
							(System.nanoTime() - started) / 1000,
							write && body.length > 0 ? redacted(new String(body, StandardCharsets.UTF_8)) : null,
							!decision.serves()));
			cachedResponse.copyBodyToResponse();
		}
	}

	private static final java.util.regex.Pattern SECRET_FORM_FIELD = java.util.regex.Pattern
		.compile("(?i)\\b(password|client_secret|client_assertion|refresh_token|code_verifier|assertion)=[^&]*");

	private static final java.util.regex.Pattern SECRET_JSON_FIELD = java.util.regex.Pattern
		.compile("(?i)\"(password|newpassword|oldpassword|client_secret|value)\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*\"");

	/**
	 * Keeps passwords, client secrets and assertions out of the request log: tests assert
	 * which calls were made and with which fields, never what a secret was.
	 */
	static String redacted(String body) {
		String forms = SECRET_FORM_FIELD.matcher(body).replaceAll("$1=***");
		return SECRET_JSON_FIELD.matcher(forms).replaceAll("\"$1\":\"***\"");
	}

	private static void pause(long millis) {
		if (millis <= 0) {
			return;
		}
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * {@code /okta/acme/api/v1/users} → (okta/acme, /api/v1/users); null for anything
	 * else.
	 */
	static Target target(HttpServletRequest request) {
		String uri = request.getRequestURI().substring(request.getContextPath().length());
		String[] parts = uri.split("/", 4);
		if (parts.length < 3 || parts[2].isEmpty()) {
			return null;
		}
		TargetKind kind;
		try {
			kind = TargetKind.fromPathSegment(parts[1]);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		return new Target(new TargetId(kind, parts[2]), parts.length == 4 ? "/" + parts[3] : "/");
	}

	record Target(TargetId id, String path) {
	}

}
