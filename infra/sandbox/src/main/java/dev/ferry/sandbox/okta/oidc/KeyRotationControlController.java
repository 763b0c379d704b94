package dev.ferry.sandbox.okta.oidc;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Control endpoints that rotate an authorization server's signing keys, as Okta does on
 * its own schedule: a new key signs from now on, and the one it replaced stays in the
 * server's {@code keys} answer unless {@code retireOld=true} takes it out at once (so a
 * client that cached the old set must fetch it again to verify new tokens, and tokens
 * signed by the old key no longer verify).
 */
@RestController
@RequestMapping("/sandbox/api/okta/{org}")
class KeyRotationControlController {

	private final AuthServers servers;

	private final SigningKeys keys;

	KeyRotationControlController(AuthServers servers, SigningKeys keys) {
		this.servers = servers;
		this.keys = keys;
	}

	/** The org authorization server's keys. */
	@PostMapping("/keys/rotate")
	SigningKeys.Rotation rotateOrgServer(@PathVariable String org,
			@RequestParam(defaultValue = "false") boolean retireOld) {
		return keys.rotate(servers.require(org, null), retireOld);
	}

	/** A custom authorization server's keys (its own, not the org server's). */
	@PostMapping("/authorization-servers/{asId}/keys/rotate")
	SigningKeys.Rotation rotateCustomServer(@PathVariable String org, @PathVariable String asId,
			@RequestParam(defaultValue = "false") boolean retireOld) {
		return keys.rotate(servers.require(org, asId), retireOld);
	}

	@ExceptionHandler(OidcOrgs.UnknownOrgException.class)
	ResponseEntity<Map<String, String>> notFound(OidcOrgs.UnknownOrgException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", ex.getReason()));
	}

}
