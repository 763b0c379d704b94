package dev.ferry.sandbox.okta.oidc;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

import dev.ferry.sandbox.okta.IdGenerator;
import dev.ferry.sandbox.okta.OidcClient;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.ServiceApp;

/**
 * Control endpoints for an org's OIDC side, for tests and the demo: OIDC web apps (list,
 * create, add a sign-in or sign-out redirect URI, turn the groups claim on or off),
 * service apps (register with a public JWK and granted scopes) and Okta sessions (sign
 * everyone out).
 */
@RestController
@RequestMapping("/sandbox/api/okta/{org}")
class OidcControlController {

	private final OidcOrgs orgs;

	private final SignInSessions sessions;

	private final IdGenerator ids;

	private final SecureRandom random = new SecureRandom();

	OidcControlController(OidcOrgs orgs, SignInSessions sessions, IdGenerator ids) {
		this.orgs = orgs;
		this.sessions = sessions;
		this.ids = ids;
	}

	@GetMapping("/oidc-apps")
	List<OidcClient> oidcApps(@PathVariable String org) {
		return orgs.require(org).oidcClients();
	}

	@GetMapping("/oidc-apps/{clientId}")
	OidcClient oidcApp(@PathVariable String org, @PathVariable String clientId) {
		return app(orgs.require(org), clientId);
	}

	@PostMapping("/oidc-apps")
	ResponseEntity<OidcClient> createOidcApp(@PathVariable String org, @RequestBody NewOidcApp request) {
		OktaOrg oktaOrg = orgs.require(org);
		synchronized (oktaOrg) {
			String clientId = blank(request.clientId()) ? ids.next("0oa") : request.clientId();
			if (oktaOrg.oidcClient(clientId).isPresent() || oktaOrg.serviceApp(clientId).isPresent()) {
				throw new ResponseStatusException(HttpStatus.CONFLICT, "An app with client id " + clientId + " exists");
			}
			List<String> redirects = uris(request.redirectUris());
			List<String> logoutRedirects = uris(request.postLogoutRedirectUris());
			OidcClient client = new OidcClient(clientId,
					blank(request.clientSecret()) ? secret() : request.clientSecret(),
					blank(request.label()) ? clientId : request.label(), redirects, logoutRedirects,
					Boolean.TRUE.equals(request.groupsClaim()));
			oktaOrg.addOidcClient(client);
			return ResponseEntity.status(HttpStatus.CREATED).body(client);
		}
	}

	/**
	 * Adds a sign-in redirect URI (idempotent), e.g. a test portal's
	 * {@code http://127.0.0.1:{port}/login/oauth2/code/{org}}.
	 */
	@PostMapping("/oidc-apps/{clientId}/redirect-uris")
	OidcClient addRedirectUri(@PathVariable String org, @PathVariable String clientId,
			@RequestBody UriRequest request) {
		OktaOrg oktaOrg = orgs.require(org);
		synchronized (oktaOrg) {
			OidcClient app = app(oktaOrg, clientId);
			OidcClient changed = new OidcClient(app.clientId(), app.clientSecret(), app.label(),
					plus(app.redirectUris(), request.uri()), app.postLogoutRedirectUris(), app.groupsClaim());
			oktaOrg.addOidcClient(changed);
			return changed;
		}
	}

	@PostMapping("/oidc-apps/{clientId}/post-logout-redirect-uris")
	OidcClient addPostLogoutRedirectUri(@PathVariable String org, @PathVariable String clientId,
			@RequestBody UriRequest request) {
		OktaOrg oktaOrg = orgs.require(org);
		synchronized (oktaOrg) {
			OidcClient app = app(oktaOrg, clientId);
			OidcClient changed = new OidcClient(app.clientId(), app.clientSecret(), app.label(), app.redirectUris(),
					plus(app.postLogoutRedirectUris(), request.uri()), app.groupsClaim());
			oktaOrg.addOidcClient(changed);
			return changed;
		}
	}

	@PutMapping("/oidc-apps/{clientId}/groups-claim")
	OidcClient groupsClaim(@PathVariable String org, @PathVariable String clientId,
			@RequestBody GroupsClaimRequest request) {
		OktaOrg oktaOrg = orgs.require(org);
		synchronized (oktaOrg) {
			OidcClient app = app(oktaOrg, clientId);
			OidcClient changed = new OidcClient(app.clientId(), app.clientSecret(), app.label(), app.redirectUris(),
					app.postLogoutRedirectUris(), request.enabled());
			oktaOrg.addOidcClient(changed);
			return changed;
		}
	}

	@GetMapping("/service-apps")
	List<ServiceApp> serviceApps(@PathVariable String org) {
		return orgs.require(org).serviceApps();
	}

	/**
	 * Registers an "API Services" app: its public JWK (RSA or EC, no private parts) and
	 * the scopes granted to it.
	 */
	@PostMapping("/service-apps")
	ResponseEntity<ServiceApp> createServiceApp(@PathVariable String org, @RequestBody NewServiceApp request) {
		OktaOrg oktaOrg = orgs.require(org);
		if (request.publicJwk() == null) {
			throw new IllegalArgumentException("publicJwk is required");
		}
		JWK jwk;
		try {
			jwk = JWK.parse(request.publicJwk());
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("publicJwk is not a JWK: " + ex.getMessage());
		}
		if (jwk.isPrivate()) {
			throw new IllegalArgumentException("publicJwk must hold the public key only");
		}
		if (!(jwk instanceof RSAKey) && !(jwk instanceof ECKey)) {
			throw new IllegalArgumentException("publicJwk must be an RSA or EC key");
		}
		synchronized (oktaOrg) {
			String clientId = blank(request.clientId()) ? ids.next("0oa") : request.clientId();
			if (oktaOrg.oidcClient(clientId).isPresent() || oktaOrg.serviceApp(clientId).isPresent()) {
				throw new ResponseStatusException(HttpStatus.CONFLICT, "An app with client id " + clientId + " exists");
			}
			ServiceApp app = new ServiceApp(clientId, blank(request.label()) ? clientId : request.label(),
					jwk.toJSONString(),
					Set.copyOf(request.grantedScopes() == null ? List.of() : request.grantedScopes()));
			oktaOrg.addServiceApp(app);
			return ResponseEntity.status(HttpStatus.CREATED).body(app);
		}
	}

	@GetMapping("/sessions")
	Map<String, Long> sessionCount(@PathVariable String org) {
		orgs.require(org);
		return Map.of("sessions", sessions.count(org));
	}

	/** Signs everyone out of the org: the next authorize shows the sign-in form again. */
	@DeleteMapping("/sessions")
	Map<String, Integer> signOutEveryone(@PathVariable String org) {
		orgs.require(org);
		return Map.of("signedOut", sessions.endAll(org));
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException ex) {
		return ResponseEntity.badRequest().body(Map.of("error", ex.getMessage()));
	}

	@ExceptionHandler(OidcOrgs.UnknownOrgException.class)
	ResponseEntity<Map<String, String>> unknownOrg(OidcOrgs.UnknownOrgException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", ex.getReason()));
	}

	private static OidcClient app(OktaOrg org, String clientId) {
		return org.oidcClient(clientId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No OIDC app " + clientId));
	}

	private static List<String> plus(List<String> uris, String uri) {
		Set<String> all = new LinkedHashSet<>(uris);
		all.add(checkedUri(uri));
		return List.copyOf(all);
	}

	private static List<String> uris(List<String> uris) {
		List<String> checked = new ArrayList<>();
		if (uris != null) {
			uris.forEach(uri -> checked.add(checkedUri(uri)));
		}
		return List.copyOf(new LinkedHashSet<>(checked));
	}

	/** An absolute http(s) URI without a fragment, as Okta requires of redirect URIs. */
	private static String checkedUri(String uri) {
		try {
			URI parsed = new URI(uri == null ? "" : uri);
			if (!parsed.isAbsolute() || parsed.getRawFragment() != null || parsed.getHost() == null
					|| !("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))) {
				throw new IllegalArgumentException("Not an absolute http(s) URI without a fragment: " + uri);
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("Not a URI: " + uri);
		}
	}

	private String secret() {
		byte[] bytes = new byte[30];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

	record NewOidcApp(String clientId, String clientSecret, String label, List<String> redirectUris,
			List<String> postLogoutRedirectUris, Boolean groupsClaim) {
	}

	record UriRequest(String uri) {
	}

	record GroupsClaimRequest(boolean enabled) {
	}

	record NewServiceApp(String clientId, String label, Map<String, Object> publicJwk, List<String> grantedScopes) {
	}

}
