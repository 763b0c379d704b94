package dev.ferry.connection;

/**
 * The ShareFile connection as a form posts it; a blank secret means "keep the stored
 * one".
 */
public record ShareFileForm(String baseUrl, String clientId, String clientSecret, String adminUsername,
		String adminPassword) {

	@Override
	public String toString() {
		return "ShareFileForm[baseUrl=" + baseUrl + ", clientId=" + clientId + ", adminUsername=" + adminUsername + "]";
	}

}
