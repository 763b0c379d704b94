package dev.ferry.sandbox.okta.oidc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Control endpoints for an org's custom authorization servers, for tests and the demo:
 * list them, create one (id, extra scopes, optional groups claim), add a scope, set or
 * remove the groups claim. What an Okta admin does in Security → API; the sandbox keeps
 * it to what sign-in depends on.
 */
@RestController
@RequestMapping("/sandbox/api/okta/{org}/authorization-servers")
class AuthServerControlController {

	/**
	 * Okta's ids are {@code default} or {@code aus...}; anything URL-path safe will do
	 * here, except {@code v1}, which would read as the org server's path.
	 */
	private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

	private final AuthServers servers;

	AuthServerControlController(AuthServers servers) {
		this.servers = servers;
	}

	@GetMapping
	List<Map<String, Object>> list(@PathVariable String org, HttpServletRequest request) {
		return servers.list(org).stream().map(server -> view(server, request)).toList();
	}

	@GetMapping("/{asId}")
	Map<String, Object> one(@PathVariable String org, @PathVariable String asId, HttpServletRequest request) {
		return view(servers.require(org, asId), request);
	}

	/**
	 * Creates a custom server. It always has Okta's system scopes (openid profile email
	 * address phone offline_access); {@code scopes} adds more, e.g. {@code groups}.
	 */
	@PostMapping
	ResponseEntity<Map<String, Object>> create(@PathVariable String org, @RequestBody NewServer body,
			HttpServletRequest request) {
		servers.require(org, null);
		if (body.id() == null || !ID.matcher(body.id()).matches() || "v1".equals(body.id())) {
			throw new IllegalArgumentException("id must be 1-64 letters, digits, '-' or '_' (and not 'v1')");
		}
		Set<String> scopes = new LinkedHashSet<>(AuthServer.SYSTEM_SCOPES);
		if (body.scopes() != null) {
			body.scopes().forEach(scope -> scopes.add(checkedScope(scope)));
		}
		String audience = body.audience() == null || body.audience().isBlank() ? "api://" + body.id() : body.audience();
		AuthServer server = new AuthServer(org, body.id(), new ArrayList<>(scopes), audience, body.groupsClaim());
		if (!servers.add(server)) {
			throw new ResponseStatusException(HttpStatus.CONFLICT, "Authorization server " + body.id() + " exists");
		}
		return ResponseEntity.status(HttpStatus.CREATED).body(view(server, request));
	}

	/** Adds a scope (idempotent), e.g. {@code {"name":"groups"}} on {@code default}. */
	@PostMapping("/{asId}/scopes")
	Map<String, Object> addScope(@PathVariable String org, @PathVariable String asId, @RequestBody NewScope body,
			HttpServletRequest request) {
		servers.require(org, asId);
		String scope = checkedScope(body.name());
		return view(changed(org, asId, server -> server.withScope(scope)), request);
	}

	/** Sets (or replaces) the server's groups claim. */
	@PutMapping("/{asId}/groups-claim")
	Map<String, Object> groupsClaim(@PathVariable String org, @PathVariable String asId, @RequestBody GroupsClaim claim,
			HttpServletRequest request) {
		servers.require(org, asId);
		return view(changed(org, asId, server -> server.withGroupsClaim(claim)), request);
	}

	@DeleteMapping("/{asId}/groups-claim")
	Map<String, Object> removeGroupsClaim(@PathVariable String org, @PathVariable String asId,
			HttpServletRequest request) {
		servers.require(org, asId);
		return view(changed(org, asId, server -> server.withGroupsClaim(null)), request);
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException ex) {
		return ResponseEntity.badRequest().body(Map.of("error", ex.getMessage()));
	}

	/**
	 * A body that does not bind, e.g. a groups claim its record refuses: 400 saying why,
	 * so a test author sees the mistake.
	 */
	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getMostSpecificCause();
		String message = cause instanceof IllegalArgumentException ? cause.getMessage()
				: "The request body is not the JSON this endpoint takes";
		return ResponseEntity.badRequest().body(Map.of("error", message));
	}

	@ExceptionHandler(OidcOrgs.UnknownOrgException.class)
	ResponseEntity<Map<String, String>> notFound(OidcOrgs.UnknownOrgException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", ex.getReason()));
	}

	private AuthServer changed(String org, String asId, UnaryOperator<AuthServer> change) {
		return servers.update(org, asId, change)
			.orElseThrow(() -> new OidcOrgs.UnknownOrgException(asId, "AuthorizationServer"));
	}

	private static String checkedScope(String scope) {
		if (scope == null || !SCOPE.matcher(scope).matches()) {
			throw new IllegalArgumentException("Not a scope name (RFC 6749 §3.3): " + scope);
		}
		return scope;
	}

	/** The server as the control API shows it, with its issuer as this caller sees it. */
	private static Map<String, Object> view(AuthServer server, HttpServletRequest request) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", server.id());
		view.put("issuer", server.issuer(request));
		view.put("audience", server.audience());
		view.put("scopes", server.scopes());
		view.put("groupsClaim", server.groupsClaim());
		return view;
	}

	/**
	 * @param scopes scopes beyond Okta's system scopes, e.g. {@code ["groups"]}
	 * @param audience the access tokens' {@code aud}; {@code api://{id}} when left out
	 * @param groupsClaim the groups claim, or null for none
	 */
	record NewServer(String id, List<String> scopes, String audience, GroupsClaim groupsClaim) {
	}

	record NewScope(String name) {
	}

}
