package dev.ferry.provisioning;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.connector.ConnectorException;
import dev.ferry.provisioning.internal.config.TenantConnectors;
import dev.ferry.provisioning.internal.engine.Runs;
import dev.ferry.provisioning.internal.scim.ScimUsers;
import dev.ferry.provisioning.internal.scim.ScimUsers.Reply;

/**
 * Ferry as a SCIM 2.0 service for Okta's SCIM client, one base URL per organisation, so
 * that with "Sync Password" on Okta sends people's passwords and Ferry sets them in
 * ShareFile (Push Password Updates). Runs as the caller's organisation once
 * {@link MachineGate} has checked its bearer token (Connections page); every answer, a
 * refusal too, is SCIM JSON.
 */
@RestController
@RequestMapping("/scim/v2/{slug}/Users")
class ScimController {

	private static final MediaType SCIM_JSON = MediaType.parseMediaType("application/scim+json");

	private final ScimUsers users;

	ScimController(ScimUsers users) {
		this.users = users;
	}

	@GetMapping
	ResponseEntity<Object> list(@RequestParam(required = false) String filter,
			@RequestParam(defaultValue = "1") int startIndex, @RequestParam(defaultValue = "100") int count) {
		return answer(users.list(filter, startIndex, count));
	}

	@GetMapping("/{id}")
	ResponseEntity<Object> get(@PathVariable String id) {
		return answer(users.get(id));
	}

	@PostMapping
	ResponseEntity<Object> create(@RequestBody(required = false) ScimUsers.User user) {
		return answer(users.create(user == null ? ScimUsers.User.NONE : user));
	}

	@PutMapping("/{id}")
	ResponseEntity<Object> replace(@PathVariable String id, @RequestBody(required = false) ScimUsers.User user) {
		return answer(users.replace(id, user == null ? ScimUsers.User.NONE : user));
	}

	@PatchMapping("/{id}")
	ResponseEntity<Object> patch(@PathVariable String id, @RequestBody(required = false) ScimUsers.PatchOp patch) {
		return answer(users.patch(id, patch == null ? ScimUsers.PatchOp.NONE : patch));
	}

	@ExceptionHandler
	ResponseEntity<Object> unreadable(HttpMessageNotReadableException ex) {
		return answer(Reply.error(400, "The body is not JSON."));
	}

	/** TenantConnectors: Okta or ShareFile is not connected yet. */
	@ExceptionHandler
	ResponseEntity<Object> notConnected(IllegalStateException ex) {
		return answer(Reply.error(503, ex.getMessage()));
	}

	/** Okta could not be read; Okta's SCIM client retries a failed request later. */
	@ExceptionHandler
	ResponseEntity<Object> unavailable(ConnectorException ex) {
		return answer(Reply.error(503, "Okta could not be read (" + ex.kind() + "); try again."));
	}

	/** A reply as SCIM JSON; also the gate's refusals. */
	static ResponseEntity<Object> answer(Reply reply) {
		return ResponseEntity.status(reply.status()).contentType(SCIM_JSON).body(reply.body());
	}

}
