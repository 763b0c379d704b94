package dev.ferry.provisioning;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.AuditLog;
import dev.ferry.audit.Refusals;
import dev.ferry.connection.Connections;
import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.AuthenticateOp;
import dev.ferry.connector.ConnectorException;
import dev.ferry.provisioning.internal.TenantConnectors;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Tenants;

/**
 * Okta's password import inline hook (docs/reference/okta.md §4.4): at the first sign-in
 * of a person Ferry imported from ShareFile, Okta sends the typed password here; Ferry
 * checks it against ShareFile (a token request with that person's credentials) and
 * answers VERIFIED or UNVERIFIED, so the person keeps their ShareFile password. The
 * password is never stored or logged.
 */
@RestController
class PasswordImportHookController {

	private final Tenants tenants;

	private final Connections connections;

	private final TenantConnectors connectors;

	private final AuditLog audit;

	private final JsonMapper json;

	private final Refusals refusals;

	static final String SOURCE = "okta.inline_hook";

	PasswordImportHookController(Tenants tenants, Connections connections, TenantConnectors connectors, AuditLog audit,
			JsonMapper json, Refusals refusals) {
		this.refusals = refusals;
		this.tenants = tenants;
		this.connections = connections;
		this.connectors = connectors;
		this.audit = audit;
		this.json = json;
	}

	@PostMapping("/hooks/okta/{slug}/password-import")
	ResponseEntity<Map<String, Object>> verify(@PathVariable String slug, HttpServletRequest request)
			throws IOException {
		var tenant = slug.length() > 40 ? null : tenants.bySlug(slug).orElse(null);
		if (tenant == null) {
			return ResponseEntity.notFound().build();
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes(256 * 1024 + 1);
		}
		if (body.length > 256 * 1024) {
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).build();
		}
		String authorization = request.getHeader("Authorization");
		return TenantContext.call(tenant.id(), () -> {
			if (!connections.hookAuthorized(authorization)) {
				if (refusals.throttled(tenant.id(), SOURCE)) {
					return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
						.header("Retry-After", Long.toString(refusals.retryAfterSeconds()))
						.build();
				}
				refusals.refused(SOURCE,
						new AuditEntry(tenant.id(), AuditEntry.Actor.anonymous(), "hook.rejected", "inline_hook",
								"password-import", AuditEntry.Outcome.DENIED,
								Map.of("reason", "bad or missing Authorization")));
				return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
			}
			JsonNode credential;
			try {
				credential = json.readTree(body).path("data").path("context").path("credential");
			}
			catch (JacksonException ex) {
				return ResponseEntity.badRequest().build();
			}
			String username = credential.path("username").asString("");
			String password = credential.path("password").asString("");
			boolean verified = !username.isEmpty() && !password.isEmpty() && checkWithTarget(username, password);
			audit.recordNow(new AuditEntry(tenant.id(), new AuditEntry.Actor("OKTA", null, "password import hook"),
					"provisioning.password_import", "identity", username,
					verified ? AuditEntry.Outcome.SUCCESS : AuditEntry.Outcome.FAILURE, Map.of("verified", verified)));
			return ResponseEntity.ok(Map.of("commands", List.of(Map.of("type", "com.okta.action.update", "value",
					Map.of("credential", verified ? "VERIFIED" : "UNVERIFIED")))));
		});
	}

	/**
	 * The target's own check of the person's credentials; a target that cannot answer
	 * (not connected, unreachable, busy) leaves the password unverified, so the person
	 * simply chooses a new one.
	 */
	private boolean checkWithTarget(String username, String password) {
		try {
			AccountTarget target = connectors.target();
			return target.capability(AuthenticateOp.class).map(op -> op.authenticate(username, password)).orElse(false);
		}
		catch (ConnectorException | IllegalStateException ex) {
			return false;
		}
	}

}
