package dev.ferry.okta;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorException.Kind;

/**
 * Ids in Okta API paths: plain tokens only, so no id can change which resource a request
 * addresses.
 */
final class OktaPaths {

	private OktaPaths() {
	}

	static String segment(String id) {
		if (id == null || !id.matches("[A-Za-z0-9_.@+-]{1,100}") || id.equals(".") || id.equals("..")) {
			throw ConnectorException.of(Kind.UNKNOWN_ID, "Not an Okta id: " + id);
		}
		return id;
	}

}
