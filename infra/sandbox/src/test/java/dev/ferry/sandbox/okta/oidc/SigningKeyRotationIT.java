package dev.ferry.sandbox.okta.oidc;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rotating an authorization server's signing keys through the control API: the new key
 * signs, the old one stays published until the next rotation (or is retired at once), and
 * a client that cached the old set (Spring Security's decoder, as Ferry uses it) fetches
 * it again for the new {@code kid}. Each test has an org of its own, because keys survive
 * a sandbox reset and the other tests expect one key per seeded server.
 */
class SigningKeyRotationIT extends OidcITSupport {

	static final String PERSON = "pat.lee@rotation.example";

	String org;

	@BeforeEach
	void orgOfItsOwn() {
		org = "rotation-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(post(base() + "/sandbox/api/okta/orgs", "{\"name\":\"" + org + "\"}").statusCode()).isEqualTo(201);
		HttpResponse<String> person = post(control("/users"),
				"{\"profile\":{\"login\":\"" + PERSON + "\",\"email\":\"" + PERSON
						+ "\",\"firstName\":\"Pat\",\"lastName\":\"Lee\"},\"credentials\":{\"password\":{\"value\":\""
						+ PASSWORD + "\"}}}");
		assertThat(person.statusCode()).as(person.body()).isEqualTo(200);
		HttpResponse<String> app = post(control("/oidc-apps"), "{\"clientId\":\"" + CLIENT_ID + "\",\"clientSecret\":\""
				+ SECRET + "\",\"redirectUris\":[\"" + REDIRECT + "\"]}");
		assertThat(app.statusCode()).as(app.body()).isEqualTo(201);
	}

	@Test
	void theNewKeySignsAndTheOldOneStaysPublishedUntilTheNextRotation() throws Exception {
		String oldKid = onlyKid("");
		String oldToken = idToken("");
		JwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(at("", "keys")).build();
		decoder.decode(oldToken);

		Map<String, Object> rotation = rotate("/keys/rotate");

		String newKid = (String) rotation.get("activeKid");
		assertThat(newKid).isNotBlank().isNotEqualTo(oldKid);
		assertThat(rotation.get("publishedKids")).isEqualTo(List.of(newKid, oldKid));
		assertThat(kids("")).containsExactly(newKid, oldKid);
		String newToken = idToken("");
		assertThat(SignedJWT.parse(newToken).getHeader().getKeyID()).isEqualTo(newKid);
		assertThat(decoder.decode(newToken).getSubject()).as("the decoder fetched the set again for the new kid")
			.isNotBlank();
		assertThat(decoder.decode(oldToken).getSubject()).as("the old key still verifies").isNotBlank();
		HttpResponse<String> logout = browser.postForm(at("", "logout"), Map.of("id_token_hint", oldToken));
		assertThat(logout.statusCode()).as("an ID token of the old key is still this server's").isEqualTo(200);

		Map<String, Object> again = rotate("/keys/rotate");

		assertThat(again.get("publishedKids")).as("only the key just replaced stays published")
			.isEqualTo(List.of(again.get("activeKid"), newKid));
	}

	@Test
	void retiringTheOldKeyTakesItOutOfTheSetAtOnce() throws Exception {
		String oldToken = idToken("");
		JwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(at("", "keys")).build();
		decoder.decode(oldToken);

		Map<String, Object> rotation = rotate("/keys/rotate?retireOld=true");

		String newKid = (String) rotation.get("activeKid");
		assertThat(rotation.get("publishedKids")).isEqualTo(List.of(newKid));
		assertThat(kids("")).containsExactly(newKid);
		String newToken = idToken("");
		assertThat(SignedJWT.parse(newToken).getHeader().getKeyID()).isEqualTo(newKid);
		assertThat(decoder.decode(newToken).getSubject()).as("the decoder fetched the set again for the new kid")
			.isNotBlank();
		JwtDecoder fresh = NimbusJwtDecoder.withJwkSetUri(at("", "keys")).build();
		assertThatThrownBy(() -> fresh.decode(oldToken)).as("the retired key no longer verifies")
			.isInstanceOf(JwtException.class);
		HttpResponse<String> logout = browser.postForm(at("", "logout"), Map.of("id_token_hint", oldToken));
		assertThat(logout.statusCode()).as("nor is its ID token accepted at logout").isEqualTo(400);
	}

	@Test
	void aCustomServerRotatesItsOwnKeys() throws Exception {
		String orgKid = onlyKid("");
		String customKid = onlyKid("/oauth2/default");

		Map<String, Object> rotation = rotate("/authorization-servers/default/keys/rotate?retireOld=true");

		String newKid = (String) rotation.get("activeKid");
		assertThat(newKid).isNotEqualTo(customKid);
		assertThat(kids("/oauth2/default")).containsExactly(newKid);
		assertThat(kids("")).as("the org server's keys are its own").containsExactly(orgKid);
		String token = idToken("/oauth2/default");
		assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo(newKid);
		assertThat(NimbusJwtDecoder.withJwkSetUri(at("/oauth2/default", "keys")).build().decode(token).getIssuer())
			.hasToString(serverUrl("/oauth2/default"));
		assertThat(SignedJWT.parse(idToken("")).getHeader().getKeyID()).isEqualTo(orgKid);
	}

	@Test
	void unknownOrgsAndServersAreNotFound() {
		assertThat(post(base() + "/sandbox/api/okta/nosuch/keys/rotate", "").statusCode()).isEqualTo(404);
		assertThat(post(base() + "/sandbox/api/okta/nosuch/authorization-servers/default/keys/rotate", "").statusCode())
			.isEqualTo(404);
		assertThat(post(control("/authorization-servers/nosuch/keys/rotate"), "").statusCode()).isEqualTo(404);
	}

	private String control(String path) {
		return base() + "/sandbox/api/okta/" + org + path;
	}

	/**
	 * The org server's issuer ({@code ""}) or a custom server's ({@code /oauth2/{id}}).
	 */
	private String serverUrl(String serverPath) {
		return base() + "/okta/" + org + serverPath;
	}

	private Map<String, Object> rotate(String path) {
		HttpResponse<String> response = post(control(path), "");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response);
	}

	/**
	 * A server's endpoint: {@code /oauth2/v1/{name}} or {@code /oauth2/{id}/v1/{name}}.
	 */
	private String at(String serverPath, String name) {
		return serverUrl(serverPath) + (serverPath.isEmpty() ? "/oauth2/v1/" : "/v1/") + name;
	}

	private List<String> kids(String serverPath) throws Exception {
		return JWKSet.parse(browser.get(at(serverPath, "keys")).body()).getKeys().stream().map(JWK::getKeyID).toList();
	}

	private String onlyKid(String serverPath) throws Exception {
		List<String> kids = kids(serverPath);
		assertThat(kids).hasSize(1);
		return kids.get(0);
	}

	/** Signs in afresh (a new browser) at the server and redeems the code. */
	private String idToken(String serverPath) {
		browser = new TestBrowser();
		Pkce pkce = Pkce.create();
		Map<String, String> params = authorizeParams(pkce);
		params.put("scope", "openid profile email");
		HttpResponse<String> response = redeem(at(serverPath, "token"),
				code(at(serverPath, "authorize"), params, PERSON), REDIRECT, pkce.verifier());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return (String) json(response).get("id_token");
	}

}
