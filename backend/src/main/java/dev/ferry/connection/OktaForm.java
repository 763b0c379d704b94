package dev.ferry.connection;

import dev.ferry.okta.OktaApiSettings.AuthMode;

/**
 * The Okta API connection as a form posts it; a blank token means "keep the stored one".
 */
public record OktaForm(String orgUrl, AuthMode mode, String apiToken, String clientId) {

	@Override
	public String toString() {
		return "OktaForm[orgUrl=" + orgUrl + ", mode=" + mode + ", clientId=" + clientId + "]";
	}

}
