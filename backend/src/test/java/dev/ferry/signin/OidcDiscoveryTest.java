package dev.ferry.signin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.ferry.system.AllowedHosts;
import dev.ferry.system.FerryProperties;
import dev.ferry.test.TestClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Discovery as OpenID Connect Discovery 1.0 has it, against a real HTTP server that
 * serves whatever document a case needs: the issuer is compared exactly (a trailing slash
 * is part of it), the well-known path follows the issuer's path, and a provider that
 * stops answering keeps its last good document.
 */
class OidcDiscoveryTest {

	HttpServer server;

	String base;

	/** path → document served there */
	final Map<String, String> documents = new ConcurrentHashMap<>();

	TestClock clock = new TestClock(Instant.parse("2026-12-05T10:00:00Z"));

	OidcDiscovery discovery;

	@BeforeEach
	void start() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", exchange -> {
			String document = documents.get(exchange.getRequestURI().getPath());
			byte[] body = (document == null ? "{\"error\":\"not found\"}" : document).getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(document == null ? 404 : 200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		base = "http://127.0.0.1:" + server.getAddress().getPort();
		AllowedHosts hosts = new AllowedHosts(new FerryProperties(URI.create("http://127.0.0.1:8080"),
				Set.of(FerryProperties.Role.WEB), new FerryProperties.Redis("ferry:"),
				new FerryProperties.Secrets("k:AAAA", "k"), List.of("127.0.0.1:" + server.getAddress().getPort())));
		discovery = new OidcDiscovery(JsonMapper.builder().build(), hosts, clock);
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	@Test
	void anIssuerWithATrailingSlashIsKeptAsTheProviderWritesIt() {
		// Auth0 and JumpCloud style: the slash is part of the issuer
		String issuer = base + "/";
		documents.put("/.well-known/openid-configuration", document(issuer, Map.of()));
		ProviderMetadata metadata = discovery.metadata(issuer);
		assertThat(metadata.issuer()).isEqualTo(issuer);
		assertThat(metadata.tokenEndpoint()).isEqualTo(base + "/oauth/token");
	}

	@Test
	void anIssuerOnAPathIsReadBelowThatPath() {
		String issuer = base + "/realms/acme";
		documents.put("/realms/acme/.well-known/openid-configuration", document(issuer, Map.of()));
		assertThat(discovery.metadata(issuer).authorizationEndpoint()).isEqualTo(base + "/authorize");
	}

	@Test
	void aDocumentThatNamesAnotherIssuerIsRefusedSayingWhichOne() {
		documents.put("/acme/.well-known/openid-configuration", document(base + "/acme/", Map.of()));
		assertThatExceptionOfType(OidcDiscovery.DiscoveryFailed.class)
			.isThrownBy(() -> discovery.metadata(base + "/acme"))
			.satisfies(ex -> {
				assertThat(ex.problem().code()).isEqualTo("oidc.problem.issuerMismatch");
				assertThat(ex.problem().args()).containsExactly(base + "/acme", base + "/acme/");
			});
	}

	@Test
	void noDocumentOrAnIncompleteOneIsRefused() {
		assertThatExceptionOfType(OidcDiscovery.DiscoveryFailed.class)
			.isThrownBy(() -> discovery.metadata(base + "/nowhere"))
			.satisfies(ex -> assertThat(ex.problem().code()).isEqualTo("oidc.problem.status"));
		String issuer = base + "/thin";
		documents.put("/thin/.well-known/openid-configuration",
				"{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + base + "/authorize\"}");
		assertThatExceptionOfType(OidcDiscovery.DiscoveryFailed.class).isThrownBy(() -> discovery.metadata(issuer))
			.satisfies(ex -> assertThat(ex.problem().args()).containsExactly("token_endpoint"));
	}

	@Test
	void aTokenEndpointOnAnAddressFerryMayNotCallIsRefused() {
		String issuer = base + "/evil";
		documents.put("/evil/.well-known/openid-configuration",
				document(issuer, Map.of("token_endpoint", "http://169.254.169.254/latest/meta-data")));
		assertThatExceptionOfType(OidcDiscovery.DiscoveryFailed.class).isThrownBy(() -> discovery.metadata(issuer))
			.satisfies(ex -> assertThat(ex.problem().code()).isEqualTo("oidc.problem.endpointNotAllowed"));
	}

	@Test
	void aProviderThatStopsAnsweringKeepsItsLastGoodDocumentAndIsReadAgainADayLater() {
		String issuer = base + "/acme";
		documents.put("/acme/.well-known/openid-configuration", document(issuer, Map.of()));
		assertThat(discovery.metadata(issuer).endSessionEndpoint()).isNull();

		documents.put("/acme/.well-known/openid-configuration",
				document(issuer, Map.of("end_session_endpoint", base + "/logout")));
		assertThat(discovery.metadata(issuer).endSessionEndpoint()).as("kept for a day").isNull();
		clock.advance(OidcDiscovery.KEEP.plusMinutes(1));
		assertThat(discovery.metadata(issuer).endSessionEndpoint()).isEqualTo(base + "/logout");

		documents.remove("/acme/.well-known/openid-configuration");
		clock.advance(OidcDiscovery.KEEP.plusMinutes(1));
		assertThat(discovery.metadata(issuer).endSessionEndpoint()).as("the last good copy")
			.isEqualTo(base + "/logout");
	}

	@Test
	void scopesAndClientAuthenticationFollowWhatTheProviderOffers() {
		ProviderMetadata google = metadata(List.of("openid", "email", "profile"), List.of("client_secret_post"));
		assertThat(google.signInScopes(true)).containsExactly("openid", "profile", "email");
		assertThat(google.secretAuthMethod()).contains("client_secret_post");

		ProviderMetadata okta = metadata(List.of("openid", "profile", "email", "groups"),
				List.of("client_secret_basic", "client_secret_post"));
		assertThat(okta.signInScopes(true)).containsExactly("openid", "profile", "email", "groups");
		assertThat(okta.signInScopes(false)).doesNotContain("groups");
		assertThat(okta.secretAuthMethod()).contains("client_secret_basic");

		ProviderMetadata silent = metadata(List.of(), List.of());
		assertThat(silent.signInScopes(true)).as("nothing listed: no groups, which may be refused")
			.containsExactly("openid", "profile", "email");
		assertThat(silent.secretAuthMethod()).as("the standard's default").contains("client_secret_basic");

		assertThat(metadata(List.of(), List.of("private_key_jwt")).secretAuthMethod()).isEmpty();
	}

	private ProviderMetadata metadata(List<String> scopes, List<String> methods) {
		return new ProviderMetadata("https://op.example", "https://op.example/a", "https://op.example/t",
				"https://op.example/k", null, null, scopes, methods);
	}

	private String document(String issuer, Map<String, String> overrides) {
		Map<String, String> fields = new java.util.LinkedHashMap<>();
		fields.put("issuer", issuer);
		fields.put("authorization_endpoint", base + "/authorize");
		fields.put("token_endpoint", base + "/oauth/token");
		fields.put("jwks_uri", base + "/.well-known/jwks.json");
		fields.putAll(overrides);
		StringBuilder json = new StringBuilder("{");
		fields.forEach((key, value) -> json.append(json.length() > 1 ? "," : "")
			.append('"')
			.append(key)
			.append("\":\"")
			.append(value)
			.append('"'));
		return json.append("}").toString();
	}

}
