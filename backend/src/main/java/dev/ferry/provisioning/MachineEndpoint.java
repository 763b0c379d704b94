package dev.ferry.provisioning;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Refusals;
import dev.ferry.provisioning.internal.scim.ScimUsers.Reply;

/**
 * The machine endpoints {@link MachineGate} stands in front of: what each serves, how big
 * a body it reads, whose credential it wants, and how it answers a caller it turns away.
 * Each answers in its own caller's dialect: a source's hooks with a bare status (or a
 * little JSON text), SCIM with a SCIM error document.
 */
enum MachineEndpoint {

	/** An identity source's change deliveries ({@link HookController}). */
	EVENT_HOOK(1024 * 1024, "event_hook", matchers(HttpMethod.POST, "/hooks/{kind}/{slug}")),

	/** An identity source's password checks ({@link PasswordImportHookController}). */
	PASSWORD_IMPORT(256 * 1024, "password_import_hook",
			matchers(HttpMethod.POST, "/hooks/{kind}/{slug}/password-import")),

	/**
	 * An identity provider's SCIM client ({@link ScimController}): everything under the
	 * organisation's base URL, so no SCIM handler can be reached without the token.
	 */
	SCIM(64 * 1024, "scim", List.of(PathPatternRequestMatcher.pathPattern("/scim/v2/{slug}/**"))),

	/**
	 * The token endpoint for identity providers that use OAuth client credentials
	 * ({@link ScimTokenController}); the client is authenticated here like any other
	 * caller, and refused in OAuth's own words (RFC 6749 §5.2).
	 */
	SCIM_TOKEN(8 * 1024, "scim_oauth", matchers(HttpMethod.POST, "/scim/oauth/{slug}/token"));

	/** Slugs are never longer; a longer one is not looked up. */
	static final int MAX_SLUG_LENGTH = 40;

	private final int maxBodyBytes;

	private final String source;

	private final List<PathPatternRequestMatcher> matchers;

	MachineEndpoint(int maxBodyBytes, String source, List<PathPatternRequestMatcher> matchers) {
		this.maxBodyBytes = maxBodyBytes;
		this.source = source;
		this.matchers = matchers;
	}

	/** The most of a body read; a longer one is answered 413. */
	int maxBodyBytes() {
		return maxBodyBytes;
	}

	/**
	 * Refusals of this endpoint are counted and summarised under this name
	 * ({@link Refusals}).
	 */
	String source() {
		return source;
	}

	/** Every request the gate must admit before it reaches a controller. */
	static RequestMatcher gated() {
		return new OrRequestMatcher(Stream.of(values())
			.flatMap(endpoint -> endpoint.matchers.stream())
			.map(RequestMatcher.class::cast)
			.toList());
	}

	/** Which endpoint a request is for, and for which organisation's slug. */
	static Optional<Call> of(HttpServletRequest request) {
		for (MachineEndpoint endpoint : values()) {
			for (PathPatternRequestMatcher matcher : endpoint.matchers) {
				RequestMatcher.MatchResult match = matcher.matcher(request);
				if (match.isMatch()) {
					return Optional.of(new Call(endpoint, match.getVariables().get("slug")));
				}
			}
		}
		return Optional.empty();
	}

	/** No organisation has this slug. */
	ResponseEntity<?> notFound() {
		return switch (this) {
			case SCIM -> ScimController.answer(Reply.error(404, "No such organisation."));
			case SCIM_TOKEN -> ScimTokenController.error(404, "invalid_request", "No such organisation.");
			default -> ResponseEntity.notFound().build();
		};
	}

	ResponseEntity<?> tooLarge() {
		return switch (this) {
			case EVENT_HOOK ->
				ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body("{\"error\":\"body larger than 1 MiB\"}");
			case PASSWORD_IMPORT -> ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).build();
			case SCIM -> ScimController.answer(Reply.error(413, "Body larger than 64 KB."));
			case SCIM_TOKEN -> ScimTokenController.error(413, "invalid_request", "Body larger than 8 KB.");
		};
	}

	/** The credential is missing or wrong. */
	ResponseEntity<?> unauthorized() {
		return switch (this) {
			case SCIM ->
				ScimController.answer(Reply.error(401, "The bearer token is not this organisation's SCIM token."));
			case SCIM_TOKEN -> ScimTokenController.error(401, "invalid_client",
					"The client id and secret are not one of this organisation's SCIM OAuth clients.");
			default -> ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
		};
	}

	/** The caller's credential was refused too often this minute. */
	ResponseEntity<?> throttled(long retryAfterSeconds) {
		ResponseEntity<?> answer = switch (this) {
			case SCIM ->
				ScimController.answer(Reply.error(429, "Too many requests with a wrong token; try again later."));
			case SCIM_TOKEN -> ScimTokenController.error(429, "invalid_client",
					"Too many requests with wrong client credentials; try again later.");
			default -> ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).build();
		};
		return ResponseEntity.status(answer.getStatusCode())
			.headers(answer.getHeaders())
			.header("Retry-After", Long.toString(retryAfterSeconds))
			.body(answer.getBody());
	}

	/** What the audit trail says of a refused credential. */
	AuditEntry refusal(UUID tenant, HttpServletRequest request, String authorization) {
		return switch (this) {
			case EVENT_HOOK -> new AuditEntry(tenant, AuditEntry.Actor.anonymous(), "hook.rejected", "event_hook", null,
					AuditEntry.Outcome.DENIED, Map.of("reason", "bad or missing Authorization"));
			case PASSWORD_IMPORT -> new AuditEntry(tenant, AuditEntry.Actor.anonymous(), "hook.rejected", "inline_hook",
					"password-import", AuditEntry.Outcome.DENIED, Map.of("reason", "bad or missing Authorization"));
			case SCIM -> new AuditEntry(tenant, AuditEntry.Actor.anonymous(), "scim.rejected", "scim",
					request.getMethod() + " " + request.getRequestURI(), AuditEntry.Outcome.DENIED,
					Map.of("reason", authorization == null ? "no Authorization header" : "wrong bearer token"));
			case SCIM_TOKEN -> new AuditEntry(tenant, AuditEntry.Actor.anonymous(), "scim.rejected", "scim_oauth",
					"token", AuditEntry.Outcome.DENIED, Map.of("reason", "wrong or missing client credentials"));
		};
	}

	private static List<PathPatternRequestMatcher> matchers(HttpMethod method, String pattern) {
		return List.of(PathPatternRequestMatcher.pathPattern(method, pattern));
	}

	/** A request for one of the endpoints, naming an organisation by its slug. */
	record Call(MachineEndpoint endpoint, String slug) {
	}

}
