package dev.ferry.provisioning;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Refusals;
import dev.ferry.connection.ScimTokens;
import dev.ferry.connector.ConnectorException;
import dev.ferry.provisioning.internal.ScimUsers;
import dev.ferry.provisioning.internal.ScimUsers.Reply;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Tenants;

/**
 * Ferry as a SCIM 2.0 service for Okta's SCIM client, one base URL per organisation, so
 * that with "Sync Password" on Okta sends people's passwords and Ferry sets them in
 * ShareFile (Push Password Updates). Authenticated by the organisation's bearer token
 * (Connections page), not a browser session.
 */
@RestController
@RequestMapping("/scim/v2/{slug}/Users")
class ScimController {

	static final int MAX_BODY_BYTES = 64 * 1024;

	/**
	 * Refusals of this endpoint are counted and summarised under this name
	 * ({@link Refusals}).
	 */
	static final String SOURCE = "scim";

	private static final MediaType SCIM_JSON = MediaType.parseMediaType("application/scim+json");

	private final Tenants tenants;

	private final ScimTokens tokens;

	private final ScimUsers users;

	private final JsonMapper json;

	private final Refusals refusals;

	ScimController(Tenants tenants, ScimTokens tokens, ScimUsers users, JsonMapper json, Refusals refusals) {
		this.refusals = refusals;
		this.tenants = tenants;
		this.tokens = tokens;
		this.users = users;
		this.json = json;
	}

	@GetMapping
	ResponseEntity<Object> list(@PathVariable String slug, @RequestParam(required = false) String filter,
			@RequestParam(defaultValue = "1") int startIndex, @RequestParam(defaultValue = "100") int count,
			HttpServletRequest request) throws IOException {
		return handle(slug, request, body -> users.list(filter, startIndex, count));
	}

	@GetMapping("/{id}")
	ResponseEntity<Object> get(@PathVariable String slug, @PathVariable String id, HttpServletRequest request)
			throws IOException {
		return handle(slug, request, body -> users.get(id));
	}

	@PostMapping
	ResponseEntity<Object> create(@PathVariable String slug, HttpServletRequest request) throws IOException {
		return handle(slug, request, users::create);
	}

	@PutMapping("/{id}")
	ResponseEntity<Object> replace(@PathVariable String slug, @PathVariable String id, HttpServletRequest request)
			throws IOException {
		return handle(slug, request, body -> users.replace(id, body));
	}

	@PatchMapping("/{id}")
	ResponseEntity<Object> patch(@PathVariable String slug, @PathVariable String id, HttpServletRequest request)
			throws IOException {
		return handle(slug, request, body -> users.patch(id, body));
	}

	/**
	 * Tenant by slug, body size, token, JSON — in that order — then the operation in the
	 * tenant's context.
	 */
	private ResponseEntity<Object> handle(String slug, HttpServletRequest request, Function<JsonNode, Reply> operation)
			throws IOException {
		var tenant = slug.length() > 40 ? null : tenants.bySlug(slug).orElse(null);
		if (tenant == null) {
			return reply(Reply.error(404, "No such organisation."));
		}
		if (request.getContentLengthLong() > MAX_BODY_BYTES) {
			return reply(Reply.error(413, "Body larger than 64 KB."));
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes(MAX_BODY_BYTES + 1);
		}
		if (body.length > MAX_BODY_BYTES) {
			return reply(Reply.error(413, "Body larger than 64 KB."));
		}
		String authorization = request.getHeader("Authorization");
		return reply(TenantContext.call(tenant.id(), () -> {
			if (!tokens.authorized(authorization)) {
				// only callers without the token are ever throttled: the identity
				// provider always gets through
				if (refusals.throttled(tenant.id(), SOURCE)) {
					return Reply.error(429, "Too many requests with a wrong token; try again later.");
				}
				refusals.refused(SOURCE, new AuditEntry(tenant.id(), AuditEntry.Actor.anonymous(), "scim.rejected",
						"scim", request.getMethod() + " " + request.getRequestURI(), AuditEntry.Outcome.DENIED,
						Map.of("reason", authorization == null ? "no Authorization header" : "wrong bearer token")));
				return Reply.error(401, "The bearer token is not this organisation's SCIM token.");
			}
			JsonNode document;
			try {
				document = body.length == 0 ? json.createObjectNode() : json.readTree(body);
			}
			catch (JacksonException ex) {
				return Reply.error(400, "The body is not JSON.");
			}
			try {
				return operation.apply(document);
			}
			catch (IllegalStateException ex) {
				// TenantConnectors: Okta or ShareFile is not connected yet
				return Reply.error(503, ex.getMessage());
			}
			catch (ConnectorException ex) {
				// Okta could not be read; Okta's SCIM client retries a failed request
				// later
				return Reply.error(503, "Okta could not be read (" + ex.kind() + "); try again.");
			}
		}));
	}

	private ResponseEntity<Object> reply(Reply reply) {
		var response = ResponseEntity.status(reply.status()).contentType(SCIM_JSON);
		if (reply.status() == 429) {
			response.header("Retry-After", Long.toString(refusals.retryAfterSeconds()));
		}
		return response.body(reply.body());
	}

}
