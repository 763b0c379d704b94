package dev.ferry.provisioning;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ferry.audit.AuditQuery;
import dev.ferry.audit.AuditRecord;
import dev.ferry.connection.Connections;
import dev.ferry.connection.ScimOAuthClients;
import dev.ferry.connection.ScimTokens;
import dev.ferry.connection.ScimTraffic;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * OAuth 2.0 client credentials for the SCIM endpoint (docs/scim.md, "Credentials"): an
 * identity provider trades its client id and secret — by HTTP Basic or in the form — for
 * an hour's bearer token at the organisation's token endpoint and provisions with it;
 * wrong secrets, other grants, expired tokens, another organisation's tokens and revoked
 * clients are refused in RFC 6749's and RFC 7644's words.
 */
@FerryIntegrationTest
class ScimOAuthIT {

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Connections connections;

	@Autowired
	Provisioning provisioning;

	@Autowired
	ScimTokens scimTokens;

	@Autowired
	ScimOAuthClients clients;

	@Autowired
	AuditQuery audit;

	@Autowired
	ScimTraffic traffic;

	@Autowired
	JdbcTemplate jdbc;

	final HttpClient http = HttpClient.newHttpClient();

	final JsonMapper json = JsonMapper.builder().build();

	ProvisioningWorld world;

	ScimOAuthClients.NewClient client;

	@BeforeEach
	void scimOrganisationWithAClient() {
		world = new ProvisioningWorld(tenants, members, connections, provisioning);
		world.as(() -> assertThat(connections.saveSource("scim", Map.of(), ProvisioningWorld.ADMIN)).isEmpty());
		client = world.as(() -> clients.create("Entra ID", ProvisioningWorld.ADMIN));
	}

	@Test
	void aClientTradesItsSecretForABearerTokenThatProvisions() throws Exception {
		assertThat(client.clientId()).startsWith("ferry-scim-");
		HttpResponse<String> issued = token(basic(client.clientId(), client.secret()), "grant_type=client_credentials");
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
		assertThat(issued.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
		JsonNode body = json.readTree(issued.body());
		assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.path("expires_in").asLong()).isEqualTo(3600);
		String accessToken = body.path("access_token").asString();
		assertThat(accessToken).hasSizeGreaterThan(40);

		HttpResponse<String> created = scim("POST", "/Users", accessToken, """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"grace@%s.example",
				 "name":{"givenName":"Grace","familyName":"Hopper"},"active":true}""".formatted(world.org));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(scim("GET", "/Users?count=1", accessToken, null).statusCode()).isEqualTo(200);

		// the Connections page names the client the identity provider came with
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			ScimTraffic.Request last = world.as(() -> traffic.summary()).last();
			return last != null && "Entra ID (OAuth)".equals(last.token());
		});

		// the secret in the form (client_secret_post) works as well
		HttpResponse<String> posted = token(null, "grant_type=client_credentials&client_id=" + encode(client.clientId())
				+ "&client_secret=" + encode(client.secret()));
		assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

		// the client's use is shown, and only its hash is kept
		List<ScimOAuthClients.Client> listed = world.as(() -> clients.list());
		assertThat(listed).singleElement().satisfies(one -> {
			assertThat(one.name()).isEqualTo("Entra ID");
			assertThat(one.lastUsedAt()).isNotNull();
		});
		Integer plain = jdbc.queryForObject(
				"select count(*) from scim_access_token where convert_from(token_hash, 'LATIN1') like ?", Integer.class,
				"%" + accessToken + "%");
		assertThat(plain).isZero();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(world.as(() -> audit.page("connection.scim.oauth", null, 10)))
				.extracting(AuditRecord::action)
				.contains("connection.scim.oauth_client_created"));
	}

	/**
	 * Spring Security's own client credentials client (a client we did not write),
	 * authenticating both ways RFC 6749 allows, gets a token that provisions.
	 */
	@Test
	void anIndependentOAuthClientGetsATokenBothWays() throws Exception {
		for (org.springframework.security.oauth2.core.ClientAuthenticationMethod method : List.of(
				org.springframework.security.oauth2.core.ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
				org.springframework.security.oauth2.core.ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
			org.springframework.security.oauth2.client.registration.ClientRegistration registration = org.springframework.security.oauth2.client.registration.ClientRegistration
				.withRegistrationId("ferry-scim")
				.clientId(client.clientId())
				.clientSecret(client.secret())
				.clientAuthenticationMethod(method)
				.authorizationGrantType(
						org.springframework.security.oauth2.core.AuthorizationGrantType.CLIENT_CREDENTIALS)
				.tokenUri(scimTokens.tokenUrl(world.tenant.slug()))
				.build();
			org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse response = new org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient()
				.getTokenResponse(
						new org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest(
								registration));
			assertThat(response.getAccessToken().getTokenType())
				.isEqualTo(org.springframework.security.oauth2.core.OAuth2AccessToken.TokenType.BEARER);
			assertThat(response.getAccessToken().getExpiresAt()).isNotNull();
			assertThat(scim("GET", "/Users?count=1", response.getAccessToken().getTokenValue(), null).statusCode())
				.as(method.getValue())
				.isEqualTo(200);
		}
	}

	@Test
	void wrongCredentialsAndOtherGrantsAreRefusedInOAuthsWords() throws Exception {
		HttpResponse<String> wrong = token(basic(client.clientId(), "not-the-secret"), "grant_type=client_credentials");
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(json.readTree(wrong.body()).path("error").asString()).isEqualTo("invalid_client");
		assertThat(wrong.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");

		HttpResponse<String> unknown = token(basic("ferry-scim-nobody", client.secret()),
				"grant_type=client_credentials");
		assertThat(unknown.statusCode()).isEqualTo(401);

		HttpResponse<String> none = token(null, "grant_type=client_credentials");
		assertThat(none.statusCode()).isEqualTo(401);

		// both ways at once is forbidden (RFC 6749 §2.3)
		HttpResponse<String> both = token(basic(client.clientId(), client.secret()),
				"grant_type=client_credentials&client_secret=" + encode(client.secret()));
		assertThat(both.statusCode()).isEqualTo(401);

		HttpResponse<String> password = token(basic(client.clientId(), client.secret()),
				"grant_type=password&username=a&password=b");
		assertThat(password.statusCode()).isEqualTo(400);
		assertThat(json.readTree(password.body()).path("error").asString()).isEqualTo("unsupported_grant_type");

		HttpResponse<String> missing = token(basic(client.clientId(), client.secret()), "scope=scim");
		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(json.readTree(missing.body()).path("error").asString()).isEqualTo("invalid_request");

		// the client's secret is no SCIM bearer token
		assertThat(scim("GET", "/Users", client.secret(), null).statusCode()).isEqualTo(401);

		HttpResponse<String> nowhere = http.send(HttpRequest.newBuilder(URI.create(scimTokens.tokenUrl("no-such-org")))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", basic(client.clientId(), client.secret()))
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(nowhere.statusCode()).isEqualTo(404);
	}

	@Test
	void expiredTokensRevokedClientsAndOtherOrganisationsTokensAreRefused() throws Exception {
		String first = accessToken();
		String second = accessToken();
		assertThat(scim("GET", "/Users", first, null).statusCode()).isEqualTo(200);

		// another organisation's SCIM endpoint does not take this organisation's token
		ProvisioningWorld other = new ProvisioningWorld(tenants, members, connections, provisioning);
		other.as(() -> assertThat(connections.saveSource("scim", Map.of(), ProvisioningWorld.ADMIN)).isEmpty());
		HttpResponse<String> elsewhere = http
			.send(HttpRequest.newBuilder(URI.create(scimTokens.baseUrl(other.tenant.slug()) + "/Users"))
				.header("Authorization", "Bearer " + first)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(elsewhere.statusCode()).isEqualTo(401);

		// an hour later the token is refused
		TenantContext.run(world.tenant.id(),
				() -> jdbc.update(
						"update scim_access_token set expires_at = now() - interval '1 second' where client = ?",
						clientRow()));
		HttpResponse<String> expired = scim("GET", "/Users", first, null);
		assertThat(expired.statusCode()).isEqualTo(401);
		assertThat(json.readTree(expired.body()).path("status").asString()).isEqualTo("401");

		// revoking the client ends its tokens at once
		String fresh = accessToken();
		assertThat(scim("GET", "/Users", fresh, null).statusCode()).isEqualTo(200);
		UUID id = clientRow();
		assertThat(world.as(() -> clients.revoke(id, ProvisioningWorld.ADMIN))).isTrue();
		assertThat(scim("GET", "/Users", fresh, null).statusCode()).isEqualTo(401);
		assertThat(scim("GET", "/Users", second, null).statusCode()).isEqualTo(401);
		assertThat(token(basic(client.clientId(), client.secret()), "grant_type=client_credentials").statusCode())
			.isEqualTo(401);
	}

	private UUID clientRow() {
		return world.as(() -> clients.list()).getFirst().id();
	}

	private String accessToken() throws Exception {
		HttpResponse<String> issued = token(basic(client.clientId(), client.secret()), "grant_type=client_credentials");
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
		return json.readTree(issued.body()).path("access_token").asString();
	}

	private HttpResponse<String> token(String authorization, String form) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scimTokens.tokenUrl(world.tenant.slug())))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> scim(String method, String path, String bearer, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scimTokens.baseUrl(world.tenant.slug()) + path))
			.header("Authorization", "Bearer " + bearer)
			.header("Content-Type", "application/scim+json");
		request.method(method,
				body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** RFC 6749 §2.3.1: id and secret form-encoded, then joined and base64-encoded. */
	private static String basic(String id, String secret) {
		return "Basic " + Base64.getEncoder()
			.encodeToString((encode(id) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
