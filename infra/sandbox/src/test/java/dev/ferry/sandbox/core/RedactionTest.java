package dev.ferry.sandbox.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

	@Test
	void formSecretsAreHidden() {
		assertThat(SandboxTrafficFilter
			.redacted("grant_type=password&client_id=c&client_secret=s3&username=u&password=p%40ss"))
			.isEqualTo("grant_type=password&client_id=c&client_secret=***&username=u&password=***");
	}

	@Test
	void jsonSecretsAreHiddenButFieldsStay() {
		assertThat(
				SandboxTrafficFilter.redacted("{\"FirstName\":\"Ada\",\"Password\":\"x\\\"y\",\"NewPassword\":\"z\"}"))
			.isEqualTo("{\"FirstName\":\"Ada\",\"Password\":\"***\",\"NewPassword\":\"***\"}");
		assertThat(SandboxTrafficFilter.redacted("{\"credentials\":{\"password\":{\"value\":\"tlpWENT2m\"}}}"))
			.doesNotContain("tlpWENT2m");
	}

}
