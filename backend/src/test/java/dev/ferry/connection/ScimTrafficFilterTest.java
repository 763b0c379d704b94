package dev.ferry.connection;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Connections page is told of a SCIM request: the resource type without ids or
 * parameters, the identity provider by name, the SCIM error's detail.
 */
class ScimTrafficFilterTest {

	@Test
	void onlyTheResourceTypeIsKeptNeverAnIdOrAnUnknownPath() {
		assertThat(ScimTrafficFilter.resource("/scim/v2/acme/Users")).isEqualTo("/Users");
		assertThat(ScimTrafficFilter.resource("/scim/v2/acme/Users/2819c223-7f76-453a-919d-413861904646"))
			.isEqualTo("/Users/{id}");
		assertThat(ScimTrafficFilter.resource("/scim/v2/acme/Groups/abc/extra")).isEqualTo("/Groups/{id}");
		assertThat(ScimTrafficFilter.resource("/scim/v2/acme/ServiceProviderConfig"))
			.isEqualTo("/ServiceProviderConfig");
		assertThat(ScimTrafficFilter.resource("/scim/v2/acme")).isEqualTo("/");
		// a path SCIM does not define might carry anything, a person's address included
		assertThat(ScimTrafficFilter.resource("/scim/v2/acme/grace.hopper@acme.example")).isEqualTo("?");
	}

	@Test
	void theIdentityProviderIsNamedFromItsUserAgent() {
		assertThat(ScimTrafficFilter.client("Okta SCIM Client 1.0.0")).isEqualTo("Okta");
		assertThat(ScimTrafficFilter.client("Azure AD SCIM Client")).isEqualTo("Microsoft Entra ID");
		assertThat(ScimTrafficFilter.client("Microsoft.Identity.Provisioning")).isEqualTo("Microsoft Entra ID");
		assertThat(ScimTrafficFilter.client("OneLogin-SCIM/2.0")).isEqualTo("OneLogin");
		assertThat(ScimTrafficFilter.client("JumpCloud SCIM")).isEqualTo("JumpCloud");
		assertThat(ScimTrafficFilter.client("curl/8.5.0")).isEqualTo("curl/8.5.0");
		assertThat(ScimTrafficFilter.client("x".repeat(200))).hasSize(60).endsWith("…");
		assertThat(ScimTrafficFilter.client(" ")).isNull();
		assertThat(ScimTrafficFilter.client(null)).isNull();
	}

	@Test
	void theDetailOfAScimErrorIsKeptShortAndAnythingElseIsNot() {
		assertThat(ScimTrafficFilter.detail(bytes(
				"{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"409\",\"scimType\":\"uniqueness\",\"detail\":\"userName is taken.\"}")))
			.isEqualTo("userName is taken.");
		assertThat(ScimTrafficFilter.detail(bytes("{\"detail\":\"" + "y".repeat(400) + "\"}"))).hasSize(300);
		assertThat(ScimTrafficFilter.detail(bytes("<html>Not found</html>"))).isNull();
		assertThat(ScimTrafficFilter.detail(new byte[0])).isNull();
	}

	@Test
	void theErrorRateIsErrorsPerHundredRequests() {
		assertThat(new ScimTraffic.Summary(null, null, 3, 2, 0, 1).errorRate()).isEqualTo(66.7);
		assertThat(new ScimTraffic.Summary(null, null, 8, 1, 1, 0).errorRate()).isEqualTo(25.0);
		assertThat(new ScimTraffic.Summary(null, null, 0, 0, 0, 0).errorRate()).isZero();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
