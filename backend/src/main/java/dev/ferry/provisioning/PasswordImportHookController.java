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
import dev.ferry.connector.ConnectorException;
import dev.ferry.sharefile.ShareFileConnector;
import dev.ferry.sharefile.ShareFileSettings;
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

	private final ShareFileConnector shareFile;

	private final AuditLog audit;

	private final JsonMapper json;

	private final Refusals refusals;

	static final String SOURCE = "okta.inline_hook";

	PasswordImportHookController(Tenants tenants, Connections connections, ShareFileConnector shareFile, AuditLog audit,
			JsonMapper json, Refusals refusals) {
		this.refusals = refusals;
		this.tenants = tenants;
		this.connections = connections;
		this.shareFile = shareFile;
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
			boolean verified = !username.isEmpty() && !password.isEmpty() && checkWithShareFile(username, password);
			audit.recordNow(new AuditEntry(tenant.id(), new AuditEntry.Actor("OKTA", null, "password import hook"),
					"provisioning.password_import", "identity", username,
					verified ? AuditEntry.Outcome.SUCCESS : AuditEntry.Outcome.FAILURE, Map.of("verified", verified)));
			return ResponseEntity.ok(Map.of("commands", List.of(Map.of("type", "com.okta.action.update", "value",
					Map.of("credential", verified ? "VERIFIED" : "UNVERIFIED")))));
		});
	}

	private boolean checkWithShareFile(String username, String password) {
		ShareFileSettings account = connections.shareFileSettings().orElse(null);
		if (account == null) {
			return false;
		}
		try {
			shareFile
				.client(new ShareFileSettings(account.baseUrl(), account.clientId(), account.clientSecret(), username,
						password))
				.get("Users");
			return true;
		}
		catch (ConnectorException ex) {
			return false;
		}
	}

}
