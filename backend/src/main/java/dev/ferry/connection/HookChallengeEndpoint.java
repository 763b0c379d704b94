package dev.ferry.connection;

import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

import dev.ferry.connector.Connectors;
import dev.ferry.tenant.Tenants;

/**
 * A source's check that Ferry's hook address answers as Ferry (a GET before it starts
 * delivering), answered by the source's connector from the request's headers. Echoing a
 * challenge reveals nothing, so it needs no secret; deliveries (POST) do. Anything else
 * is 404, as for an address that does not exist.
 */
@RestController
class HookChallengeEndpoint {

	private final Tenants tenants;

	private final Connectors connectors;

	HookChallengeEndpoint(Tenants tenants, Connectors connectors) {
		this.tenants = tenants;
		this.connectors = connectors;
	}

	@GetMapping("/hooks/{kind}/{slug}")
	ResponseEntity<Map<String, String>> answer(@PathVariable String kind, @PathVariable String slug,
			HttpServletRequest request) {
		if (tenants.bySlug(slug).isEmpty()) {
			return ResponseEntity.notFound().build();
		}
		return connectors.source(kind)
			.flatMap(factory -> factory.hookFormat())
			.flatMap(format -> format.challengeAnswer(request::getHeader))
			.map(ResponseEntity::ok)
			.orElseGet(() -> ResponseEntity.notFound().build());
	}

}
