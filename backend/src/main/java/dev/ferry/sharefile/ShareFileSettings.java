package dev.ferry.sharefile;

/**
 * How to reach one ShareFile account: the fields Okta's own ShareFile app asks for.
 *
 * @param baseUrl the account's address, e.g. {@code https://acme.sharefile.com}
 */
public record ShareFileSettings(String baseUrl, String clientId, String clientSecret, String adminUsername,
		String adminPassword) {

	@Override
	public String toString() {
		return "ShareFileSettings[baseUrl=" + baseUrl + ", clientId=" + clientId + ", adminUsername=" + adminUsername
				+ ", secrets hidden]";
	}

}
