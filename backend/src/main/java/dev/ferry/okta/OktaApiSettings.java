package dev.ferry.okta;

/**
 * How Ferry calls one Okta org's management API.
 *
 * @param orgUrl e.g. {@code https://acme.okta.com}
 * @param apiToken for {@link AuthMode#SSWS}
 * @param clientId for {@link AuthMode#SERVICE_APP}: the API Services app
 * @param privateJwk for {@link AuthMode#SERVICE_APP}: the key pair Ferry generated, as a
 * JWK (private)
 */
public record OktaApiSettings(String orgUrl, AuthMode mode, String apiToken, String clientId, String privateJwk) {

	public enum AuthMode {

		SSWS, SERVICE_APP

	}

	@Override
	public String toString() {
		return "OktaApiSettings[orgUrl=" + orgUrl + ", mode=" + mode + ", clientId=" + clientId + ", secrets hidden]";
	}

}
