package dev.ferry.system;

import java.net.URI;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AllowedHostsTest {

	private final AllowedHosts hosts = new AllowedHosts(new FerryProperties(URI.create("http://127.0.0.1:8080"),
			Set.of(FerryProperties.Role.WEB), new FerryProperties.Redis("ferry:"),
			new FerryProperties.Secrets("k:AAAA", "k"), List.of("127.0.0.1:9000")));

	@Test
	void oktaAndShareFileDomainsOverHttpsAreAllowed() {
		assertThat(hosts.problemWith("https://acme.okta.com")).isEmpty();
		assertThat(hosts.problemWith("https://acme.oktapreview.com/oauth2/default")).isEmpty();
		assertThat(hosts.problemWith("https://acme.sharefile.com")).isEmpty();
		assertThat(hosts.problemWith("https://acme.sf-api.eu")).isEmpty();
	}

	@Test
	void theOperatorsHostsAreAllowedEvenOverHttp() {
		assertThat(hosts.problemWith("http://127.0.0.1:9000/okta/acme")).isEmpty();
		assertThat(hosts.problemWith("http://127.0.0.1:9001/okta/acme")).get().asString().contains("https");
		assertThat(hosts.problemWith("https://127.0.0.1:9001/okta/acme")).get().asString().contains("port");
	}

	@Test
	void everythingElseIsRefusedWithAReason() {
		assertThat(hosts.problemWith("http://acme.okta.com")).get().asString().contains("https");
		assertThat(hosts.problemWith("https://169.254.169.254/latest")).get().asString().contains("not an Okta");
		assertThat(hosts.problemWith("https://okta.com.evil.example")).get().asString().contains("not an Okta");
		assertThat(hosts.problemWith("https://evilokta.com")).get().asString().contains("not an Okta");
		assertThat(hosts.problemWith("https://user:pw@acme.okta.com")).get().asString().contains("without a user");
		assertThat(hosts.problemWith("https://acme.okta.com:8443")).get().asString().contains("port");
		assertThat(hosts.problemWith("javascript:alert(1)")).isPresent();
		assertThat(hosts.problemWith("not a url at all")).isPresent();
		assertThat(hosts.problemWith("")).isPresent();
		assertThat(hosts.problemWith("https://" + "a".repeat(300) + ".okta.com")).get().asString().contains("too long");
	}

}
