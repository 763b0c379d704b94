package dev.ferry.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.Sandbox;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ferry as deployed behind a TLS-terminating load balancer (security review finding 9):
 * its public address is https, the load balancer (here: this machine) is a trusted proxy.
 * The session cookie is Secure, every answer carries HSTS, redirect URIs come from the
 * public address, and the client's address is the one the proxy reports.
 */
@FerryIntegrationTest
@TestPropertySource(properties = { "ferry.test.public-url=https://ferry.example.test",
		"ferry.web.trusted-proxies=127.0.0.1/32,::1" })
class BehindTlsProxyIT {

	@LocalServerPort
	int port;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	JdbcTemplate jdbc;

	HttpClient http = HttpClient.newHttpClient();

	@Test
	void cookiesAreSecureAndEveryAnswerCarriesHsts() throws Exception {
		HttpResponse<String> login = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(login.headers().firstValue("Strict-Transport-Security")).get()
			.asString()
			.contains("max-age=31536000")
			.contains("includeSubDomains");
		// the sign-in page makes no session (its CSRF token is in a cookie), so a visitor
		// costs no Redis
		assertThat(login.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("FERRY_SESSION="))
			.anySatisfy(c -> assertThat(c).startsWith("XSRF-TOKEN=").contains("Secure").contains("HttpOnly"));

		Tenant acme = TestTenants.create(tenants, members, "tls-cookie", TenantKind.CUSTOMER,
				Sandbox.get().oktaIssuer("acme"), "owner@acme.example");
		HttpResponse<Void> start = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/authorization/" + acme.slug()))
					.build(),
				HttpResponse.BodyHandlers.discarding());
		String session = start.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter(c -> c.startsWith("FERRY_SESSION="))
			.findFirst()
			.orElseThrow();
		assertThat(session).contains("Secure").contains("HttpOnly").contains("SameSite=Lax");
	}

	@Test
	void redirectUrisComeFromThePublicAddressNotFromTheRequest() throws Exception {
		Tenant acme = TestTenants.create(tenants, members, "tls-acme", TenantKind.CUSTOMER,
				Sandbox.get().oktaIssuer("acme"), "owner@acme.example");
		HttpResponse<Void> start = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/authorization/" + acme.slug()))
					.build(),
				HttpResponse.BodyHandlers.discarding());
		assertThat(start.statusCode()).isEqualTo(302);
		assertThat(start.headers().firstValue("Location")).get()
			.asString()
			// the provider's authorization endpoint, from its discovery document
			.startsWith(Sandbox.get().oktaIssuer("acme") + "/oauth2/v1/authorize?")
			.contains("redirect_uri=https://ferry.example.test/login/oauth2/code/" + acme.slug() + "&");
	}

	@Test
	void theClientIsTheAddressTheTrustedProxyReports() throws Exception {
		Tenant acme = TestTenants.create(tenants, members, "tls-acme", TenantKind.CUSTOMER,
				Sandbox.get().oktaIssuer("acme"), "owner@acme.example");
		HttpResponse<Void> hook = http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/okta/" + acme.slug()))
				.header("Authorization", "forged")
				.header("X-Forwarded-For", "198.51.100.23, 203.0.113.9")
				.header("X-Forwarded-Proto", "https")
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(hook.statusCode()).isEqualTo(401);
		String ip = TenantContext.call(acme.id(), () -> jdbc
			.queryForObject("select source_ip from audit_event where action = 'hook.rejected'", String.class));
		// the right-most address the proxy did not write itself; the left one is the
		// client's own claim
		assertThat(ip).isEqualTo("203.0.113.9");
	}

}
