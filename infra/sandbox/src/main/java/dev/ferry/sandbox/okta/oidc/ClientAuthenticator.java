package dev.ferry.sandbox.okta.oidc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import dev.ferry.sandbox.okta.OidcClient;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.ServiceApp;

/**
 * Client authentication at the token, introspect and revoke endpoints:
 * {@code client_secret_basic}, {@code client_secret_post} (OIDC web apps) or
 * {@code private_key_jwt} (service apps). Exactly one method per request, as Okta
 * insists.
 */
@Component
class ClientAuthenticator {

	private final ClientAssertions assertions;

	ClientAuthenticator(ClientAssertions assertions) {
		this.assertions = assertions;
	}

	Authenticated authenticate(OktaOrg org, HttpServletRequest request, String tokenUrl) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		boolean basic = header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
		String clientId = OAuthResponses.single(request, "client_id");
		String secret = OAuthResponses.single(request, "client_secret");
		String assertionType = OAuthResponses.single(request, "client_assertion_type");
		String assertion = OAuthResponses.single(request, "client_assertion");
		int methods = (basic ? 1 : 0) + (secret != null ? 1 : 0) + (assertion != null ? 1 : 0);
		if (methods > 1) {
			throw OidcException.invalidRequest("Cannot supply multiple client credentials. Use one of the following: "
					+ "credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.");
		}
		if (assertion != null || assertionType != null) {
			if (!ClientAssertions.TYPE.equals(assertionType)) {
				throw OidcException.invalidClient("The client_assertion_type must be '" + ClientAssertions.TYPE + "'.");
			}
			if (assertion == null) {
				throw OidcException.invalidClient("The 'client_assertion' parameter is required.");
			}
			return new Authenticated(null, assertions.verify(org, assertion, tokenUrl, clientId), "private_key_jwt");
		}
		if (basic) {
			String[] pair = decodeBasic(header.substring(6).trim());
			if (clientId != null && !clientId.equals(pair[0])) {
				throw OidcException.invalidClient("The 'client_id' parameter does not match the Authorization header.");
			}
			return new Authenticated(secretClient(org, pair[0], pair[1]), null, "client_secret_basic");
		}
		if (clientId == null) {
			throw OidcException.invalidClient(
					"Client authentication failed. Either the client or the client credentials are invalid.");
		}
		if (secret == null) {
			if (org.oidcClient(clientId).isPresent() || org.serviceApp(clientId).isPresent()) {
				throw OidcException.invalidClient(
						"Client authentication failed. Either the client or the client credentials are invalid.");
			}
			throw OidcException.invalidClient("Invalid value for 'client_id' parameter.");
		}
		return new Authenticated(secretClient(org, clientId, secret), null, "client_secret_post");
	}

	private static OidcClient secretClient(OktaOrg org, String clientId, String secret) {
		OidcClient client = org.oidcClient(clientId).orElse(null);
		if (client == null) {
			if (org.serviceApp(clientId).isPresent()) {
				throw OidcException
					.invalidClient("The client is configured for private_key_jwt; a client secret is not accepted.");
			}
			throw OidcException.invalidClient("Invalid value for 'client_id' parameter.");
		}
		if (!MessageDigest.isEqual(client.clientSecret().getBytes(StandardCharsets.UTF_8),
				secret.getBytes(StandardCharsets.UTF_8))) {
			throw OidcException.invalidClient("The client secret supplied for a confidential client is invalid.");
		}
		return client;
	}

	/** RFC 6749 §2.3.1: base64 of form-encoded {@code id:secret}. */
	private static String[] decodeBasic(String encoded) {
		try {
			String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			if (colon <= 0) {
				throw new IllegalArgumentException();
			}
			return new String[] { URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
					URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8) };
		}
		catch (IllegalArgumentException ex) {
			throw OidcException.invalidClient("The Authorization header is not valid Basic client credentials.");
		}
	}

	/** Exactly one of {@code oidcClient} and {@code serviceApp} is set. */
	record Authenticated(OidcClient oidcClient, ServiceApp serviceApp, String method) {

		String clientId() {
			return oidcClient != null ? oidcClient.clientId() : serviceApp.clientId();
		}

	}

}
