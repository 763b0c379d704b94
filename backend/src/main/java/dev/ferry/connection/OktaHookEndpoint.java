package dev.ferry.connection;

import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.tenant.Tenants;

/**
 * Okta's one-time verification of Ferry's event hook (docs/reference/okta.md §5): a GET
 * carrying {@code x-okta-verification-challenge}, answered with {@code {"verification":
 * <the challenge>}}. Echoing the challenge reveals nothing, so it needs no secret;
 * deliveries (POST) do.
 */
@RestController
class OktaHookEndpoint {

	private final Tenants tenants;

	OktaHookEndpoint(Tenants tenants) {
		this.tenants = tenants;
	}

	@GetMapping("/hooks/okta/{slug}")
	ResponseEntity<Map<String, String>> verify(@PathVariable String slug,
			@RequestHeader(name = "x-okta-verification-challenge", required = false) String challenge) {
		if (challenge == null || challenge.isBlank() || challenge.length() > 512 || tenants.bySlug(slug).isEmpty()) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok(Map.of("verification", challenge));
	}

}
