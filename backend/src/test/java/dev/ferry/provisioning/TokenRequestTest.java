package dev.ferry.provisioning;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the SCIM token endpoint reads a client credentials request (RFC 6749 §2.3.1, §3.2,
 * §4.4.2).
 */
class TokenRequestTest {

	@Test
	void basicCredentialsAreFormDecodedAfterBase64() {
		String header = "Basic "
				+ Base64.getEncoder().encodeToString("ferry-scim-a%2Bb:s%3Acret%25".getBytes(StandardCharsets.UTF_8));
		TokenRequest request = TokenRequest.parse(bytes("grant_type=client_credentials&scope=scim"), header);
		assertThat(request.grantType()).isEqualTo("client_credentials");
		assertThat(request.clientId()).isEqualTo("ferry-scim-a+b");
		assertThat(request.clientSecret()).isEqualTo("s:cret%");
		assertThat(request.twoMethods()).isFalse();
	}

	@Test
	void credentialsInTheFormAreReadWhenThereIsNoBasicHeader() {
		TokenRequest request = TokenRequest
			.parse(bytes("grant_type=client_credentials&client_id=ferry-scim-x&client_secret=a%26b"), null);
		assertThat(request.clientId()).isEqualTo("ferry-scim-x");
		assertThat(request.clientSecret()).isEqualTo("a&b");
	}

	@Test
	void bothMethodsAtOnceRepeatedParametersAndBrokenHeadersAuthenticateNobody() {
		String header = "Basic " + Base64.getEncoder().encodeToString("id:secret".getBytes(StandardCharsets.UTF_8));
		assertThat(TokenRequest.parse(bytes("grant_type=client_credentials&client_secret=secret"), header).twoMethods())
			.isTrue();
		assertThat(TokenRequest.parse(bytes("grant_type=client_credentials&grant_type=password"), header).grantType())
			.isNull();
		TokenRequest broken = TokenRequest.parse(bytes("grant_type=client_credentials"), "Basic !!!not-base64");
		assertThat(broken.clientId()).isNull();
		assertThat(broken.clientSecret()).isNull();
		TokenRequest noColon = TokenRequest.parse(bytes("grant_type=client_credentials"),
				"Basic " + Base64.getEncoder().encodeToString("just-an-id".getBytes(StandardCharsets.UTF_8)));
		assertThat(noColon.clientId()).isNull();
		assertThat(TokenRequest.parse(bytes("%zz=1&grant_type=client_credentials"), null).grantType())
			.isEqualTo("client_credentials");
	}

	private static byte[] bytes(String form) {
		return form.getBytes(StandardCharsets.UTF_8);
	}

}
