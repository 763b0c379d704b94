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
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

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

import dev.ferry.sandbox.okta.IdGenerator;
import dev.ferry.sandbox.okta.OidcClient;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.ServiceApp;

/**
 * Control endpoints for an org's OIDC side, for tests and the demo: OIDC web apps (list,
 * create, add a sign-in or sign-out redirect URI, turn the groups claim on or off, set
 * the client authentication: secret or private_key_jwt with inline keys or a JWKS URI),
 * service apps (register with a public JWK and granted scopes) and Okta sessions (sign
 * everyone out).
 */
@RestController
@RequestMapping("/sandbox/api/okta/{org}")
class OidcControlController {

	private static final String METHODS = "client_secret_basic, client_secret_post, private_key_jwt";

	private final OidcOrgs orgs;

	private final SignInSessions sessions;

	private final IdGenerator ids;

	private final ClientJwks jwks;

	private final SecureRandom random = new SecureRandom();

	OidcControlController(OidcOrgs orgs, SignInSessions sessions, IdGenerator ids, ClientJwks jwks) {
		this.orgs = orgs;
		this.sessions = sessions;
		this.ids = ids;
		this.jwks = jwks;
	}

	@GetMapping("/oidc-apps")
	List<OidcAppView> oidcApps(@PathVariable String org) {
		return orgs.require(org).oidcClients().stream().map(OidcAppView::of).toList();
	}

	@GetMapping("/oidc-apps/{clientId}")
	OidcAppView oidcApp(@PathVariable String org, @PathVariable String clientId) {
		return OidcAppView.of(app(orgs.require(org), clientId));
	}

	/**
	 * Creates an OIDC web app; {@code tokenEndpointAuthMethod} (default
	 * {@code client_secret_basic}) with {@code jwks} or {@code jwksUri} for
	 * {@code private_key_jwt}, as for {@link #clientAuthentication}.
	 */
	@PostMapping("/oidc-apps")
	ResponseEntity<OidcAppView> createOidcApp(@PathVariable String org, @RequestBody NewOidcApp request) {
		OktaOrg oktaOrg = orgs.require(org);
		Authentication authentication = authentication(request.tokenEndpointAuthMethod() == null
				? OidcClient.CLIENT_SECRET_BASIC : request.tokenEndpointAuthMethod(), request.jwks(),
				request.jwksUri());
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
					Boolean.TRUE.equals(request.groupsClaim()), authentication.method(), authentication.jwksJson(),
					authentication.jwksUri());
			jwks.forget(org, clientId);
			oktaOrg.addOidcClient(client);
			return ResponseEntity.status(HttpStatus.CREATED).body(OidcAppView.of(client));
		}
	}

	/**
	 * Sets how the app authenticates at the token endpoint (Admin Console "Client
	 * authentication"): {@code {"method":"private_key_jwt","jwks":{"keys":[...]}}},
	 * {@code {"method":"private_key_jwt","jwksUri":"http://..."}} or
	 * {@code {"method":"client_secret_basic"}} (or {@code client_secret_post}: back to
	 * the app's secret, which is kept meanwhile).
	 */
	@PutMapping("/oidc-apps/{clientId}/client-authentication")
	OidcAppView clientAuthentication(@PathVariable String org, @PathVariable String clientId,
			@RequestBody ClientAuthenticationRequest request) {
		OktaOrg oktaOrg = orgs.require(org);
		synchronized (oktaOrg) {
			OidcClient app = app(oktaOrg, clientId);
			Authentication authentication = authentication(request.method(), request.jwks(), request.jwksUri());
			OidcClient changed = app.withAuthentication(authentication.method(), authentication.jwksJson(),
					authentication.jwksUri());
			jwks.forget(org, clientId);
			oktaOrg.addOidcClient(changed);
			return OidcAppView.of(changed);
		}
	}

	/**
	 * Adds a sign-in redirect URI (idempotent), e.g. a test portal's
	 * {@code http://127.0.0.1:{port}/login/oauth2/code/{org}}.
	 */
	@PostMapping("/oidc-apps/{clientId}/redirect-uris")
	OidcAppView addRedirectUri(@PathVariable String org, @PathVariable String clientId,
			@RequestBody UriRequest request) {
		OktaOrg oktaOrg = orgs.require(org);
		synchronized (oktaOrg) {
			OidcClient app = app(oktaOrg, clientId);
			OidcClient changed = app.withRedirectUris(plus(app.redirectUris(), request.uri()));
			oktaOrg.addOidcClient(changed);
			return OidcAppView.of(changed);
		}
	}

	@PostMapping("/oidc-apps/{clientId}/post-logout-redirect-uris")
	OidcAppView addPostLogoutRedirectUri(@PathVariable String org, @PathVariable String clientId,
			@RequestBody UriRequest request) {
		OktaOrg oktaOrg = orgs.require(org);
		synchronized (oktaOrg) {
			OidcClient app = app(oktaOrg, clientId);
			OidcClient changed = app.withPostLogoutRedirectUris(plus(app.postLogoutRedirectUris(), request.uri()));
			oktaOrg.addOidcClient(changed);
			return OidcAppView.of(changed);
		}
	}

	@PutMapping("/oidc-apps/{clientId}/groups-claim")
	OidcAppView groupsClaim(@PathVariable String org, @PathVariable String clientId,
			@RequestBody GroupsClaimRequest request) {
		OktaOrg oktaOrg = orgs.require(org);
		synchronized (oktaOrg) {
			OidcClient app = app(oktaOrg, clientId);
			OidcClient changed = app.withGroupsClaim(request.enabled());
			oktaOrg.addOidcClient(changed);
			return OidcAppView.of(changed);
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

	/** A body that does not bind (e.g. {@code jwks} not an object): 400 saying so. */
	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getMostSpecificCause();
		String message = cause instanceof IllegalArgumentException ? cause.getMessage()
				: "The request body is not the JSON this endpoint takes";
		return ResponseEntity.badRequest().body(Map.of("error", message));
	}

	@ExceptionHandler(OidcOrgs.UnknownOrgException.class)
	ResponseEntity<Map<String, String>> unknownOrg(OidcOrgs.UnknownOrgException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", ex.getReason()));
	}

	/**
	 * A checked token endpoint authentication: a secret method without keys, or
	 * private_key_jwt with exactly one of public inline keys and an http(s) JWKS URI.
	 */
	private static Authentication authentication(String method, Map<String, Object> jwks, String jwksUri) {
		if (blank(method)) {
			throw new IllegalArgumentException("method is required: one of " + METHODS);
		}
		if (!OidcClient.AUTH_METHODS.contains(method)) {
			throw new IllegalArgumentException(
					"Unknown client authentication method '" + method + "': use one of " + METHODS);
		}
		if (!OidcClient.PRIVATE_KEY_JWT.equals(method)) {
			if (jwks != null || jwksUri != null) {
				throw new IllegalArgumentException("jwks and jwksUri go with private_key_jwt only, not " + method);
			}
			return new Authentication(method, null, null);
		}
		if (jwks != null && jwksUri != null) {
			throw new IllegalArgumentException("Give either jwks or jwksUri for private_key_jwt, not both");
		}
		if (jwks == null && jwksUri == null) {
			throw new IllegalArgumentException(
					"private_key_jwt needs the client's public keys: jwks {\"keys\":[...]} or a jwksUri");
		}
		return jwksUri != null ? new Authentication(method, null, ClientJwks.jwksUri(jwksUri))
				: new Authentication(method, ClientJwks.publicJwks(jwks), null);
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
			List<String> postLogoutRedirectUris, Boolean groupsClaim, String tokenEndpointAuthMethod,
			Map<String, Object> jwks, String jwksUri) {
	}

	record ClientAuthenticationRequest(String method, Map<String, Object> jwks, String jwksUri) {
	}

	private record Authentication(String method, String jwksJson, String jwksUri) {
	}

	/**
	 * An OIDC web app as the control API shows it: its settings, how it authenticates at
	 * the token endpoint and, for private_key_jwt, its JWKS URI or the key ids of its
	 * inline keys (never key material).
	 */
	record OidcAppView(String clientId, String clientSecret, String label, List<String> redirectUris,
			List<String> postLogoutRedirectUris, boolean groupsClaim, String tokenEndpointAuthMethod, String jwksUri,
			List<String> keyIds) {

		static OidcAppView of(OidcClient client) {
			List<String> keyIds = null;
			if (client.jwksJson() != null) {
				try {
					keyIds = JWKSet.parse(client.jwksJson()).getKeys().stream().map(JWK::getKeyID).toList();
				}
				catch (ParseException ex) {
					throw new IllegalStateException(ex);
				}
			}
			return new OidcAppView(client.clientId(), client.clientSecret(), client.label(), client.redirectUris(),
					client.postLogoutRedirectUris(), client.groupsClaim(), client.tokenEndpointAuthMethod(),
					client.jwksUri(), keyIds);
		}

	}

	record UriRequest(String uri) {
	}

	record GroupsClaimRequest(boolean enabled) {
	}

	record NewServiceApp(String clientId, String label, Map<String, Object> publicJwk, List<String> grantedScopes) {
	}

}
