package dev.ferry.provisioning;

import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.connector.AuthenticateOp;
import dev.ferry.connector.ConnectorException;
import dev.ferry.provisioning.internal.config.TenantConnectors;
import dev.ferry.provisioning.internal.engine.Runs;

/**
 * Okta's password import inline hook (docs/reference/okta.md §4.4): at the first sign-in
 * of a person Ferry imported from the target, Okta sends the typed password here; Ferry
 * checks it with the target's AuthenticateOp (ShareFile: a token request with that
 * person's credentials) and answers VERIFIED or UNVERIFIED, so the person keeps their
 * target password. The password is never stored or logged.
 */
@RestController
class PasswordImportHookController {

	private final TenantConnectors connectors;

	private final ApplicationEventPublisher events;

	PasswordImportHookController(TenantConnectors connectors, ApplicationEventPublisher events) {
		this.connectors = connectors;
		this.events = events;
	}

	/**
	 * Runs as the caller's organisation, once {@link MachineGate} has checked the hook
	 * secret.
	 */
	@PostMapping("/hooks/okta/{slug}/password-import")
	ResponseEntity<Map<String, Object>> verify(@AuthenticationPrincipal MachineCaller caller,
			@RequestBody(required = false) PasswordImport request) {
		Credential credential = credential(request);
		String username = credential.username() == null ? "" : credential.username();
		String password = credential.password() == null ? "" : credential.password();
		boolean verified = !username.isEmpty() && !password.isEmpty() && checkWithTarget(username, password);
		events.publishEvent(new Happened(caller.tenant(), new AuditEntry.Actor("OKTA", null, "password import hook"),
				"provisioning.password_import", "identity", username,
				verified ? AuditEntry.Outcome.SUCCESS : AuditEntry.Outcome.FAILURE, Map.of("verified", verified))
			.evenIfRolledBack());
		return ResponseEntity.ok(Map.of("commands", List.of(Map.of("type", "com.okta.action.update", "value",
				Map.of("credential", verified ? "VERIFIED" : "UNVERIFIED")))));
	}

	@ExceptionHandler
	ResponseEntity<Void> unreadable(HttpMessageNotReadableException ex) {
		return ResponseEntity.badRequest().build();
	}

	/** What Okta sent; nothing when a part is missing (then UNVERIFIED). */
	private static Credential credential(PasswordImport request) {
		if (request == null || request.data() == null || request.data().context() == null
				|| request.data().context().credential() == null) {
			return Credential.NONE;
		}
		return request.data().context().credential();
	}

	/**
	 * The target's own check of the person's credentials; a target that cannot answer
	 * (not connected, unreachable, busy) leaves the password unverified, so the person
	 * simply chooses a new one.
	 */
	private boolean checkWithTarget(String username, String password) {
		try {
			return connectors.target()
				.capability(AuthenticateOp.class)
				.map(op -> op.authenticate(username, password))
				.orElse(false);
		}
		catch (ConnectorException | IllegalStateException ex) {
			return false;
		}
	}

	/**
	 * Okta's request (docs/reference/okta.md §4.4): the person's credential as typed at
	 * sign-in, under {@code data.context.credential}; only what Ferry reads of it.
	 */
	record PasswordImport(Data data) {

		record Data(Context context) {
		}

		record Context(Credential credential) {
		}

	}

	record Credential(String username, String password) {

		static final Credential NONE = new Credential(null, null);

	}

}
