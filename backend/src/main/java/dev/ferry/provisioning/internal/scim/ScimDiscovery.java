package dev.ferry.provisioning.internal.scim;

import com.unboundid.scim2.common.utils.JsonUtils;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Ferry's SCIM endpoint says about itself (RFC 7643 §5-7): ServiceProviderConfig,
 * ResourceTypes and Schemas, for clients and validators that discover before they call
 * (Entra ID's schema discovery, Microsoft's SCIM validator). Okta does not read them.
 */
public final class ScimDiscovery {

	private static final JsonMapper JSON = JsonUtils.createJsonMapper();

	private static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

	private ScimDiscovery() {
	}

	/** What the endpoint supports: PATCH and filters, not bulk, sort or ETags. */
	public static ObjectNode serviceProviderConfig(String base) {
		ObjectNode config = JSON.createObjectNode();
		config.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
		config.put("documentationUri", "https://github.com/ferry/ferry/blob/main/docs/scim.md");
		config.putObject("patch").put("supported", true);
		config.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0);
		config.putObject("filter").put("supported", true).put("maxResults", ScimProtocol.MAX_RESULTS);
		config.putObject("changePassword").put("supported", false);
		config.putObject("sort").put("supported", false);
		config.putObject("etag").put("supported", false);
		config.putArray("authenticationSchemes")
			.addObject()
			.put("type", "oauthbearertoken")
			.put("name", "Bearer token")
			.put("description", "A token generated on Ferry's Connections page, sent as Authorization: Bearer.")
			.put("primary", true);
		meta(config, "ServiceProviderConfig", base + "/ServiceProviderConfig");
		return config;
	}

	/** The resource types served: User (with the Enterprise User extension) and Group. */
	public static ObjectNode resourceTypes(String base) {
		ObjectNode user = JSON.createObjectNode();
		user.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ResourceType");
		user.put("id", "User");
		user.put("name", "User");
		user.put("endpoint", "/Users");
		user.put("description", "People of the organisation's identity source");
		user.put("schema", ScimProtocol.USER);
		user.putArray("schemaExtensions").addObject().put("schema", ScimProtocol.ENTERPRISE).put("required", false);
		meta(user, "ResourceType", base + "/ResourceTypes/User");
		ObjectNode group = JSON.createObjectNode();
		group.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ResourceType");
		group.put("id", "Group");
		group.put("name", "Group");
		group.put("endpoint", "/Groups");
		group.put("description", "Groups of the organisation's identity source");
		group.put("schema", ScimProtocol.GROUP);
		meta(group, "ResourceType", base + "/ResourceTypes/Group");
		return list(user, group);
	}

	/** The User, Enterprise User and Group schemas, as far as Ferry reads them. */
	public static ObjectNode schemas(String base) {
		ObjectNode user = schema(ScimProtocol.USER, "User", base);
		ArrayNode attributes = user.putArray("attributes");
		attributes.add(attribute("userName", "string", false, true, "readWrite", "server"));
		ObjectNode name = attribute("name", "complex", false, false, "readWrite", "none");
		ArrayNode parts = name.putArray("subAttributes");
		for (String part : new String[] { "formatted", "familyName", "givenName", "middleName", "honorificPrefix",
				"honorificSuffix" }) {
			parts.add(attribute(part, "string", false, false, "readWrite", "none"));
		}
		attributes.add(name);
		for (String plain : new String[] { "displayName", "nickName", "profileUrl", "title", "userType",
				"preferredLanguage", "locale", "timezone", "externalId" }) {
			attributes.add(attribute(plain, "string", false, false, "readWrite", "none"));
		}
		attributes.add(attribute("active", "boolean", false, false, "readWrite", "none"));
		ObjectNode password = attribute("password", "string", false, false, "writeOnly", "none");
		password.put("returned", "never");
		attributes.add(password);
		for (String multi : new String[] { "emails", "phoneNumbers" }) {
			ObjectNode values = attribute(multi, "complex", true, false, "readWrite", "none");
			ArrayNode sub = values.putArray("subAttributes");
			sub.add(attribute("value", "string", false, false, "readWrite", "none"));
			sub.add(attribute("type", "string", false, false, "readWrite", "none"));
			sub.add(attribute("primary", "boolean", false, false, "readWrite", "none"));
			sub.add(attribute("display", "string", false, false, "readWrite", "none"));
			attributes.add(values);
		}
		ObjectNode enterprise = schema(ScimProtocol.ENTERPRISE, "EnterpriseUser", base);
		ArrayNode extension = enterprise.putArray("attributes");
		for (String plain : new String[] { "employeeNumber", "costCenter", "organization", "division", "department" }) {
			extension.add(attribute(plain, "string", false, false, "readWrite", "none"));
		}
		ObjectNode manager = attribute("manager", "complex", false, false, "readWrite", "none");
		manager.putArray("subAttributes").add(attribute("value", "string", false, false, "readWrite", "none"));
		extension.add(manager);
		ObjectNode group = schema(ScimProtocol.GROUP, "Group", base);
		ArrayNode groupAttributes = group.putArray("attributes");
		groupAttributes.add(attribute("displayName", "string", false, true, "readWrite", "none"));
		groupAttributes.add(attribute("externalId", "string", false, false, "readWrite", "none"));
		ObjectNode members = attribute("members", "complex", true, false, "readWrite", "none");
		members.putArray("subAttributes")
			.add(attribute("value", "string", false, false, "immutable", "none"))
			.add(attribute("type", "string", false, false, "immutable", "none"));
		groupAttributes.add(members);
		return list(user, enterprise, group);
	}

	private static ObjectNode schema(String id, String name, String base) {
		ObjectNode schema = JSON.createObjectNode();
		schema.putArray("schemas").add(SCHEMA);
		schema.put("id", id);
		schema.put("name", name);
		meta(schema, "Schema", base + "/Schemas/" + id);
		return schema;
	}

	private static ObjectNode attribute(String name, String type, boolean multiValued, boolean required,
			String mutability, String uniqueness) {
		ObjectNode attribute = JSON.createObjectNode();
		attribute.put("name", name);
		attribute.put("type", type);
		attribute.put("multiValued", multiValued);
		attribute.put("required", required);
		attribute.put("caseExact", false);
		attribute.put("mutability", mutability);
		attribute.put("returned", "default");
		attribute.put("uniqueness", uniqueness);
		return attribute;
	}

	private static void meta(ObjectNode resource, String type, String location) {
		resource.putObject("meta").put("resourceType", type).put("location", location);
	}

	private static ObjectNode list(ObjectNode... resources) {
		ObjectNode list = JSON.createObjectNode();
		list.putArray("schemas").add(ScimProtocol.LIST);
		list.put("totalResults", resources.length);
		list.put("startIndex", 1);
		list.put("itemsPerPage", resources.length);
		ArrayNode all = list.putArray("Resources");
		for (ObjectNode resource : resources) {
			all.add(resource);
		}
		return list;
	}

}
