package dev.ferry.sandbox.okta.oidc;

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
 * The org authorization server's metadata (docs/reference/okta.md §2.1, OAUTH
 * {@code OrgASOidcMetadata}) and its public keys. The issuer is the org URL exactly as
 * the caller addressed it.
 */
@RestController
class DiscoveryController {

	static final List<String> SCOPES = List.of("openid", "email", "profile", "address", "phone", "offline_access",
			"groups");

	private final OidcOrgs orgs;

	private final OrgSigningKeys keys;

	DiscoveryController(OidcOrgs orgs, OrgSigningKeys keys) {
		this.orgs = orgs;
		this.keys = keys;
	}

	@GetMapping({ "/okta/{org}/.well-known/openid-configuration",
			"/okta/{org}/.well-known/oauth-authorization-server" })
	ResponseEntity<Map<String, Object>> metadata(@PathVariable String org, HttpServletRequest request) {
		orgs.require(org);
		String issuer = OrgUrls.orgUrl(request, org);
		String base = issuer + "/oauth2/v1/";
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("issuer", issuer);
		body.put("authorization_endpoint", base + "authorize");
		body.put("token_endpoint", base + "token");
		body.put("userinfo_endpoint", base + "userinfo");
		body.put("registration_endpoint", base + "clients");
		body.put("jwks_uri", base + "keys");
		body.put("response_types_supported",
				List.of("code", "id_token", "code id_token", "code token", "id_token token", "code id_token token"));
		body.put("response_modes_supported", List.of("query", "fragment", "form_post", "okta_post_message"));
		body.put("grant_types_supported", List.of("authorization_code", "implicit", "refresh_token", "password",
				"urn:ietf:params:oauth:grant-type:device_code", "client_credentials"));
		body.put("subject_types_supported", List.of("public"));
		body.put("id_token_signing_alg_values_supported", List.of("RS256"));
		body.put("scopes_supported", SCOPES);
		body.put("token_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"));
		body.put("claims_supported",
				List.of("iss", "ver", "sub", "aud", "iat", "exp", "jti", "auth_time", "amr", "idp", "nonce", "name",
						"nickname", "preferred_username", "given_name", "middle_name", "family_name", "email",
						"email_verified", "profile", "zoneinfo", "locale", "address", "phone_number", "picture",
						"website", "gender", "birthdate", "updated_at", "at_hash", "c_hash"));
		body.put("code_challenge_methods_supported", List.of("S256"));
		body.put("introspection_endpoint", base + "introspect");
		body.put("introspection_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"));
		body.put("revocation_endpoint", base + "revoke");
		body.put("revocation_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"));
		body.put("end_session_endpoint", base + "logout");
		// Okta says true; the sandbox refuses request objects, so it says so.
		body.put("request_parameter_supported", false);
		body.put("request_object_signing_alg_values_supported",
				List.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512"));
		body.put("device_authorization_endpoint", base + "device/authorize");
		body.put("pushed_authorization_request_endpoint", base + "par");
		return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(body);
	}

	@GetMapping("/okta/{org}/oauth2/v1/keys")
	ResponseEntity<Map<String, Object>> keys(@PathVariable String org) {
		orgs.require(org);
		return ResponseEntity.ok().body(keys.publicJwks(org));
	}

}
