package dev.ferry.scim;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A SCIM user's attributes under the profile names the mapping language reads
 * ({@code user.firstName}, {@code user.email}, ...), the same names an Okta source gives,
 * so an organisation's mappings mean the same whichever source it uses (docs/scim.md).
 */
final class ScimProfile {

	static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	private ScimProfile() {
	}

	static Map<String, Object> of(String userName, String externalId, ObjectNode resource) {
		Map<String, Object> profile = new LinkedHashMap<>();
		profile.put("login", userName);
		put(profile, "firstName", resource.path("name").path("givenName"));
		put(profile, "lastName", resource.path("name").path("familyName"));
		put(profile, "middleName", resource.path("name").path("middleName"));
		put(profile, "honorificPrefix", resource.path("name").path("honorificPrefix"));
		put(profile, "honorificSuffix", resource.path("name").path("honorificSuffix"));
		String email = email(resource);
		profile.put("email", email != null ? email : userName.contains("@") ? userName : null);
		for (String attribute : new String[] { "displayName", "nickName", "title", "userType", "locale",
				"preferredLanguage", "timezone", "profileUrl" }) {
			put(profile, attribute, resource.path(attribute));
		}
		put(profile, "mobilePhone", typed(resource.path("phoneNumbers"), "mobile"));
		put(profile, "primaryPhone", typed(resource.path("phoneNumbers"), "work"));
		JsonNode enterprise = resource.path(ENTERPRISE);
		for (String attribute : new String[] { "employeeNumber", "costCenter", "organization", "division",
				"department" }) {
			put(profile, attribute, enterprise.path(attribute));
		}
		put(profile, "managerId", enterprise.path("manager").path("value"));
		profile.put("externalId", externalId);
		return profile;
	}

	/** The primary e-mail, else the work one, else the first. */
	static String email(ObjectNode resource) {
		JsonNode emails = resource.path("emails");
		if (!emails.isArray() || emails.isEmpty()) {
			return null;
		}
		for (JsonNode email : emails) {
			if (email.path("primary").asBoolean(false) && email.path("value").isString()) {
				return email.path("value").asString();
			}
		}
		JsonNode work = typed(emails, "work");
		if (work.isString()) {
			return work.asString();
		}
		JsonNode first = emails.get(0).path("value");
		return first.isString() ? first.asString() : null;
	}

	/** The value of the entry of this type in a multi-valued attribute. */
	private static JsonNode typed(JsonNode values, String type) {
		if (values.isArray()) {
			for (JsonNode value : values) {
				if (type.equalsIgnoreCase(value.path("type").asString(""))) {
					return value.path("value");
				}
			}
		}
		return tools.jackson.databind.node.MissingNode.getInstance();
	}

	private static void put(Map<String, Object> profile, String name, JsonNode value) {
		if (value.isString() || value.isNumber() || value.isBoolean()) {
			profile.put(name,
					value.isString() ? value.asString() : value.isBoolean() ? value.asBoolean() : value.numberValue());
		}
	}

}
