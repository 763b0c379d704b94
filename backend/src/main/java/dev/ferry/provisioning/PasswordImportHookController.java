package dev.ferry.provisioning;

import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.connector.AuthenticateOp;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.HookFormat;
import dev.ferry.provisioning.internal.config.SourceHooks;
import dev.ferry.provisioning.internal.config.TenantConnectors;

/**
 * The identity source's password import hook
 * ({@code /hooks/<kind>/<slug>/password-import}; Okta's inline hook,
 * docs/reference/okta.md §4.4): at the first sign-in of a person Ferry imported from the
 * target, the source sends the typed password here; Ferry checks it with the target's
 * AuthenticateOp (ShareFile: a token request with that person's credentials) and answers
 * verified or not, so the person keeps their target password. The source's connector
 * reads the call and writes the answer ({@link HookFormat}). The password is never stored
 * or logged.
 */
@RestController
class PasswordImportHookController {

	private final TenantConnectors connectors;

	private final ApplicationEventPublisher events;

	private final SourceHooks hooks;

	PasswordImportHookController(TenantConnectors connectors, ApplicationEventPublisher events, SourceHooks hooks) {
		this.connectors = connectors;
		this.events = events;
		this.hooks = hooks;
	}

	/**
	 * Runs as the caller's organisation, once {@link MachineGate} has checked the hook
	 * secret.
	 */
	@PostMapping("/hooks/{kind}/{slug}/password-import")
	ResponseEntity<Object> verify(@PathVariable String kind, @AuthenticationPrincipal MachineCaller caller,
			@RequestBody(required = false) String body) {
		HookFormat format = hooks.format(kind).orElse(null);
		if (format == null) {
			return ResponseEntity.notFound().build();
		}
		HookFormat.Credentials credentials;
		try {
			credentials = format.readPasswordCheck(body);
		}
		catch (IllegalArgumentException unreadable) {
			return ResponseEntity.badRequest().build();
		}
		String username = credentials.username() == null ? "" : credentials.username();
		String password = credentials.password() == null ? "" : credentials.password();
		boolean verified = !username.isEmpty() && !password.isEmpty() && checkWithTarget(username, password);
		events.publishEvent(new Happened(caller.tenant(), connectors.sourceActor(null, "password import hook"),
				"provisioning.password_import", "identity", username,
				verified ? AuditEntry.Outcome.SUCCESS : AuditEntry.Outcome.FAILURE, Map.of("verified", verified))
			.evenIfRolledBack());
		return ResponseEntity.ok(format.passwordAnswer(verified));
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

}
