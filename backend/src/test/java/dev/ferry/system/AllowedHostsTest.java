package dev.ferry.system;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.ResourceBundleMessageSource;

import static org.assertj.core.api.Assertions.assertThat;

class AllowedHostsTest {

	private final AllowedHosts hosts = new AllowedHosts(new FerryProperties(URI.create("http://127.0.0.1:8080"),
			Set.of(FerryProperties.Role.WEB), new FerryProperties.Redis("ferry:"),
			new FerryProperties.Secrets("k:AAAA", "k"), List.of("127.0.0.1:9000")));

	private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

	AllowedHostsTest() {
		// as the application configures it (spring.messages.*)
		messages.setBasename("messages");
		messages.setDefaultEncoding(StandardCharsets.UTF_8.name());
		messages.setFallbackToSystemLocale(false);
	}

	/** The refusal as the page shows it. */
	private String said(Optional<Problem> problem) {
		assertThat(problem).isPresent();
		return messages.getMessage(problem.get(), Locale.ENGLISH);
	}

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
		// another port of an allowed host is another host: refused for what it is, not
		// for its scheme
		assertThat(said(hosts.problemWith("http://127.0.0.1:9001/okta/acme")))
			.startsWith("127.0.0.1 is not an address Ferry may call");
		assertThat(said(hosts.problemWith("https://127.0.0.1:9001/okta/acme")))
			.contains("not an address Ferry may call");
	}

	@Test
	void aRefusalNeverListsTheHostsTheOperatorAllows() {
		// the message reaches the public sign-up page; the operator's hosts may be
		// internal addresses
		for (String refused : List.of("https://intranet.example", "https://169.254.169.254", "http://127.0.0.1:9001")) {
			assertThat(said(hosts.problemWith(refused))).doesNotContain("9000").doesNotContain("*.okta.com");
		}
	}

	@Test
	void anOriginIsSchemeHostAndPort() {
		assertThat(AllowedHosts.sameOrigin("https://acme.sharefile.com", "https://ACME.sharefile.com:443/x")).isTrue();
		assertThat(AllowedHosts.sameOrigin("https://acme.sharefile.com", "https://evil.sharefile.com")).isFalse();
		assertThat(AllowedHosts.sameOrigin("https://acme.sharefile.com", "http://acme.sharefile.com")).isFalse();
		assertThat(AllowedHosts.sameOrigin("http://127.0.0.1:9000/a", "http://127.0.0.1:9001/a")).isFalse();
		assertThat(AllowedHosts.sameOrigin("not a url", "not a url")).isFalse();
	}

	@Test
	void everythingElseIsRefusedWithAReason() {
		assertThat(said(hosts.problemWith("http://acme.okta.com"))).contains("https");
		assertThat(said(hosts.problemWith("https://169.254.169.254/latest"))).contains("not an Okta");
		assertThat(said(hosts.problemWith("https://okta.com.evil.example"))).contains("not an Okta");
		assertThat(said(hosts.problemWith("https://evilokta.com"))).contains("not an Okta");
		assertThat(said(hosts.problemWith("https://user:pw@acme.okta.com"))).contains("without a user");
		assertThat(said(hosts.problemWith("https://acme.okta.com:8443"))).contains("port");
		assertThat(hosts.problemWith("javascript:alert(1)")).isPresent();
		assertThat(hosts.problemWith("not a url at all")).isPresent();
		assertThat(hosts.problemWith("")).isPresent();
		assertThat(said(hosts.problemWith("https://" + "a".repeat(300) + ".okta.com"))).contains("too long");
	}

	@Test
	void anyPublicHttpsProviderMaySignPeopleInButNoInternalOne() {
		// identity providers are not only Okta: Entra ID, Google, Keycloak on a
		// customer's own domain (names are resolved, and each address must be public)
		// an address literal: no name service is needed to judge it
		assertThat(hosts.problemWithProvider("https://20.190.160.1/tid/v2.0")).isEmpty();
		assertThat(hosts.problemWithProvider("http://127.0.0.1:9000/okta/acme")).as("the operator's hosts").isEmpty();
		assertThat(said(hosts.problemWithProvider("https://127.0.0.1/realms/acme")))
			.startsWith("127.0.0.1 is a private or local address");
		assertThat(said(hosts.problemWithProvider("https://10.1.2.3/realms/acme"))).contains("private or local");
		assertThat(said(hosts.problemWithProvider("https://[fd00::1]/realms/acme"))).contains("private or local");
		assertThat(said(hosts.problemWithProvider("http://login.microsoftonline.com/tid/v2.0")))
			.contains("must be reached over https");
		assertThat(said(hosts.problemWithProvider("https://login.microsoftonline.com:8443/tid")))
			.contains("standard https port");
		assertThat(said(hosts.problemWithProvider("https://user@login.microsoftonline.com/")))
			.contains("without a user, query or fragment");
	}

}
