package dev.ferry.sandbox.okta.oidc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The metadata of an org's authorization servers (docs/reference/okta.md §2.1, OAUTH
 * {@code OrgASOidcMetadata} and {@code CustomASOidcMetadata}) and their public keys. The
 * issuer is built from the URL exactly as the caller addressed it; a custom server's
 * endpoints sit under its issuer ({@code {issuer}/v1/...}) and its
 * {@code scopes_supported} is its own scope list.
 */
@RestController
class DiscoveryController {

	private static final List<String> CLAIMS = List.of("iss", "ver", "sub", "aud", "iat", "exp", "jti", "auth_time",
			"amr", "idp", "nonce", "name", "nickname", "preferred_username", "given_name", "middle_name", "family_name",
			"email", "email_verified", "profile", "zoneinfo", "locale", "address", "phone_number", "picture", "website",
			"gender", "birthdate", "updated_at", "at_hash", "c_hash");

	private final AuthServers servers;

	private final SigningKeys keys;

	DiscoveryController(AuthServers servers, SigningKeys keys) {
		this.servers = servers;
		this.keys = keys;
	}

	@GetMapping({ "/okta/{org}/.well-known/openid-configuration",
			"/okta/{org}/.well-known/oauth-authorization-server" })
	ResponseEntity<Map<String, Object>> orgMetadata(@PathVariable String org, HttpServletRequest request) {
		return metadata(servers.require(org, null), request);
	}

	/**
	 * A custom server's metadata at {@code {issuer}/.well-known/...}, and at Okta's RFC
	 * 8414 form below the org URL
	 * ({@code /.well-known/oauth-authorization-server/oauth2/{id}}).
	 */
	@GetMapping({ "/okta/{org}/oauth2/{asId}/.well-known/openid-configuration",
			"/okta/{org}/oauth2/{asId}/.well-known/oauth-authorization-server",
			"/okta/{org}/.well-known/oauth-authorization-server/oauth2/{asId}" })
	ResponseEntity<Map<String, Object>> customMetadata(@PathVariable String org, @PathVariable String asId,
			HttpServletRequest request) {
		return metadata(servers.require(org, asId), request);
	}

	private ResponseEntity<Map<String, Object>> metadata(AuthServer server, HttpServletRequest request) {
		String issuer = server.issuer(request);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("issuer", issuer);
		body.put("authorization_endpoint", server.endpoint(request, "authorize"));
		body.put("token_endpoint", server.endpoint(request, "token"));
		body.put("userinfo_endpoint", server.endpoint(request, "userinfo"));
		// Clients are registered with the org whichever server they use, as at Okta.
		body.put("registration_endpoint", AuthServer.orgServer(server.org()).endpoint(request, "clients"));
		body.put("jwks_uri", server.endpoint(request, "keys"));
		body.put("response_types_supported",
				List.of("code", "id_token", "code id_token", "code token", "id_token token", "code id_token token"));
		body.put("response_modes_supported", List.of("query", "fragment", "form_post", "okta_post_message"));
		body.put("grant_types_supported", List.of("authorization_code", "implicit", "refresh_token", "password",
				"urn:ietf:params:oauth:grant-type:device_code", "client_credentials"));
		body.put("subject_types_supported", List.of("public"));
		body.put("id_token_signing_alg_values_supported", List.of("RS256"));
		body.put("scopes_supported", server.scopes());
		body.put("token_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"));
		List<String> claims = new ArrayList<>(CLAIMS);
		if (server.groupsClaim() != null && !claims.contains(server.groupsClaim().name())) {
			claims.add(server.groupsClaim().name());
		}
		body.put("claims_supported", claims);
		body.put("code_challenge_methods_supported", List.of("S256"));
		body.put("introspection_endpoint", server.endpoint(request, "introspect"));
		body.put("introspection_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"));
		body.put("revocation_endpoint", server.endpoint(request, "revoke"));
		body.put("revocation_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"));
		body.put("end_session_endpoint", server.endpoint(request, "logout"));
		// Okta says true; the sandbox refuses request objects, so it says so.
		body.put("request_parameter_supported", false);
		body.put("request_object_signing_alg_values_supported",
				List.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512"));
		body.put("device_authorization_endpoint", server.endpoint(request, "device/authorize"));
		body.put("pushed_authorization_request_endpoint", server.endpoint(request, "par"));
		return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(body);
	}

	@GetMapping({ "/okta/{org}/oauth2/v1/keys", "/okta/{org}/oauth2/{asId}/v1/keys" })
	ResponseEntity<Map<String, Object>> keys(@PathVariable String org, @PathVariable(required = false) String asId) {
		return ResponseEntity.ok().body(keys.publicJwks(servers.require(org, asId)));
	}

}
