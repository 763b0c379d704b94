package dev.ferry.signin;

import java.time.Duration;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.tenant.Tenants;

/**
 * Serves each organisation's public key (RFC 7517 JWK set) to its provider, which fetches
 * it to check Ferry's client assertions. Public by nature: it holds no secret.
 */
@RestController
class ClientKeysController {

	private static final MediaType JWK_SET = MediaType.parseMediaType("application/jwk-set+json");

	private final Tenants tenants;

	private final ClientKeys keys;

	ClientKeysController(Tenants tenants, ClientKeys keys) {
		this.tenants = tenants;
		this.keys = keys;
	}

	@GetMapping("/oidc/{slug}/jwks.json")
	ResponseEntity<String> jwks(@PathVariable String slug) {
		return tenants.bySlug(slug)
			.map(tenant -> ResponseEntity.ok()
				.contentType(JWK_SET)
				// short: a provider that cached the set finds a new key within minutes
				.cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
				.body(keys.publicJwks(tenant)))
			.orElseGet(() -> ResponseEntity.notFound().build());
	}

}
