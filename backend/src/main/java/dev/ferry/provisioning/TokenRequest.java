package dev.ferry.provisioning;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A request to the SCIM token endpoint ({@link ScimTokenController}) as RFC 6749 defines
 * it: a form-encoded body with {@code grant_type}, and the client authenticated either
 * with HTTP Basic ({@code client_secret_basic}: id and secret each form-encoded, then
 * joined and base64-encoded, §2.3.1) or with {@code client_id} and {@code client_secret}
 * in the body ({@code client_secret_post}). Read by the gate, which checks the client and
 * hands the grant type to the endpoint.
 *
 * @param twoMethods the client used both ways at once, which §2.3 forbids
 */
record TokenRequest(String grantType, String clientId, String clientSecret, boolean twoMethods) {

	static TokenRequest parse(byte[] body, String authorization) {
		Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
		String clientId = form.get("client_id");
		String secret = form.get("client_secret");
		boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
		if (basic) {
			String pair;
			try {
				pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
						StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				return new TokenRequest(form.get("grant_type"), null, null, false);
			}
			int colon = pair.indexOf(':');
			if (colon < 0) {
				return new TokenRequest(form.get("grant_type"), null, null, false);
			}
			return new TokenRequest(form.get("grant_type"), decode(pair.substring(0, colon)),
					decode(pair.substring(colon + 1)), secret != null);
		}
		return new TokenRequest(form.get("grant_type"), clientId, secret, false);
	}

	/** Parameters sent twice are dropped: §3.2 says they must not be repeated. */
	private static Map<String, String> form(String body) {
		Map<String, String> values = new HashMap<>();
		Map<String, Boolean> repeated = new HashMap<>();
		for (String pair : body.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode(equals < 0 ? pair : pair.substring(0, equals));
			String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
			if (name == null || value == null) {
				continue;
			}
			if (values.putIfAbsent(name, value) != null) {
				repeated.put(name, true);
			}
		}
		repeated.keySet().forEach(values::remove);
		return values;
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
