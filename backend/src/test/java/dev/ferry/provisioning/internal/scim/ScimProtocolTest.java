package dev.ferry.provisioning.internal.scim;

import com.unboundid.scim2.common.utils.FilterEvaluator;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The normalisation in front of the SCIM SDK: Entra ID's value-path filters made filter
 * grammar (and evaluated by the SDK as meant), and attribute projection.
 */
class ScimProtocolTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ObjectNode ADA = (ObjectNode) JSON.readTree("""
			{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"Ada@Acme.example",
			 "name":{"givenName":"Ada","familyName":"Lovelace"},"active":true,
			 "emails":[{"value":"ada@acme.example","type":"work"},{"value":"ada@home.example","type":"home"}],
			 "meta":{"resourceType":"User"}}""");

	@Test
	void entrasValuePathFiltersBecomeFilterGrammar() throws Exception {
		assertThat(ScimProtocol.rewrite("emails[type eq \"work\"].value eq \"ada@acme.example\""))
			.isEqualTo("emails[type eq \"work\" and value eq \"ada@acme.example\"]");
		assertThat(ScimProtocol.rewrite("userName eq \"a\" and emails[type eq \"work\"].value co \"]x\""))
			.isEqualTo("userName eq \"a\" and emails[type eq \"work\" and value co \"]x\"]");
		assertThat(ScimProtocol.rewrite("userName eq \"emails[type eq x].value eq y\""))
			.as("inside a string it is a value, not a path")
			.isEqualTo("userName eq \"emails[type eq x].value eq y\"");
		assertThat(ScimProtocol.rewrite("userName eq \"x\"")).isEqualTo("userName eq \"x\"");

		assertThat(matches("emails[type eq \"work\"].value eq \"ada@acme.example\"")).isTrue();
		assertThat(matches("emails[type eq \"work\"].value eq \"ada@home.example\""))
			.as("the home address is not the work one")
			.isFalse();
		assertThat(matches("userName EQ \"ada@acme.example\"")).as("operators and userName values ignore case")
			.isTrue();
		assertThat(matches("USERNAME eq \"Ada@Acme.example\"")).as("attribute names ignore case").isTrue();
	}

	@Test
	void attributesKeepAndExcludedAttributesDropButIdAndSchemasStay() {
		assertThat(ScimProtocol.project(ADA, "userName,name.givenName", null).propertyNames())
			.containsExactlyInAnyOrder("schemas", "id", "userName", "name");
		assertThat(ScimProtocol.project(ADA, null, "emails,meta,id").propertyNames())
			.containsExactlyInAnyOrder("schemas", "id", "userName", "name", "active");
		assertThat(ScimProtocol.project(ADA, null, null)).isSameAs(ADA);
	}

	private static boolean matches(String filter) throws Exception {
		return FilterEvaluator.evaluate(ScimProtocol.parse(filter), ScimProtocol.lowerKeys(ADA));
	}

}
