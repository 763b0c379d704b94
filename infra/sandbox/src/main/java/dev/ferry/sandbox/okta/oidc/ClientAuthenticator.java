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
 * {@code client_secret_basic}, {@code client_secret_post} (OIDC web apps on a secret) or
 * {@code private_key_jwt} (service apps, and OIDC web apps configured for it). Exactly
 * one method per request, as Okta insists; a web app on private_key_jwt is refused a
 * secret, one on a secret is refused an assertion.
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
			return assertions.verify(org, assertion, tokenUrl, clientId);
		}
		if (basic) {
			String[] pair = decodeBasic(header.substring(6).trim());
			if (clientId != null && !clientId.equals(pair[0])) {
				throw OidcException.invalidClient("The 'client_id' parameter does not match the Authorization header.");
			}
			return Authenticated.forWebApp(secretClient(org, pair[0], pair[1]), OidcClient.CLIENT_SECRET_BASIC);
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
		return Authenticated.forWebApp(secretClient(org, clientId, secret), OidcClient.CLIENT_SECRET_POST);
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
		if (client.privateKeyJwt()) {
			throw OidcException
				.invalidClient("The client is configured for private_key_jwt; a client secret is not accepted.");
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

	/**
	 * Who authenticated and how: exactly one of {@code oidcClient} (an OIDC web app, with
	 * its secret or, when configured so, private_key_jwt) and {@code serviceApp} (always
	 * private_key_jwt) is set.
	 */
	record Authenticated(OidcClient oidcClient, ServiceApp serviceApp, String method) {

		Authenticated {
			if ((oidcClient == null) == (serviceApp == null)) {
				throw new IllegalArgumentException("Exactly one of a web app and a service app authenticates");
			}
		}

		static Authenticated forWebApp(OidcClient client, String method) {
			return new Authenticated(client, null, method);
		}

		static Authenticated forServiceApp(ServiceApp app) {
			return new Authenticated(null, app, OidcClient.PRIVATE_KEY_JWT);
		}

		String clientId() {
			return oidcClient != null ? oidcClient.clientId() : serviceApp.clientId();
		}

	}

}
