package dev.ferry.oidcclient;

import java.util.List;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * A test-only web app that signs people in with plain Spring Security OAuth2 client,
 * configured the way Ferry's portal is (docs/reference/okta.md §2.5): {@code issuer-uri}
 * = the sandbox org URL, client {@code ferry-portal}, client_secret_basic, PKCE on,
 * scopes {@code openid profile email groups}. It lives outside {@code dev.ferry.sandbox}
 * so neither application component-scans the other, and it reads its own configuration
 * name so the sandbox test properties (which keep Spring Security off the sandbox) do not
 * apply to it.
 */
@SpringBootApplication
public class OidcTestClientApplication {

	public static ConfigurableApplicationContext start(String org, String issuer, String clientSecret) {
		String registration = "--spring.security.oauth2.client.registration." + org + ".";
		String provider = "--spring.security.oauth2.client.provider." + org + ".";
		return new SpringApplicationBuilder(OidcTestClientApplication.class).run(
				"--spring.config.name=oidc-test-client", "--server.port=0", "--server.address=127.0.0.1",
				"--spring.main.banner-mode=off", "--management.endpoints.web.exposure.exclude=*",
				registration + "client-id=ferry-portal", registration + "client-secret=" + clientSecret,
				registration + "client-authentication-method=client_secret_basic",
				registration + "authorization-grant-type=authorization_code",
				registration + "scope=openid,profile,email,groups", provider + "issuer-uri=" + issuer,
				provider + "user-name-attribute=preferred_username");
	}

	@Bean
	SecurityFilterChain security(HttpSecurity http, ClientRegistrationRepository registrations) throws Exception {
		DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
				registrations, "/oauth2/authorization");
		resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
		http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
			.oauth2Login(
					login -> login.authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(resolver)));
		return http.build();
	}

	@RestController
	static class HomeController {

		@GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
		String home(@AuthenticationPrincipal OidcUser user) {
			List<String> groups = user.getClaimAsStringList("groups");
			StringBuilder html = new StringBuilder(
					"<!DOCTYPE html><html><head><title>Test portal</title></head><body>");
			html.append("<h1>Signed in</h1><p id=\"name\">")
				.append(HtmlUtils.htmlEscape(user.getFullName()))
				.append("</p>");
			html.append("<p id=\"username\">").append(HtmlUtils.htmlEscape(user.getPreferredUsername())).append("</p>");
			html.append("<p id=\"subject\">").append(HtmlUtils.htmlEscape(user.getSubject())).append("</p>");
			html.append("<ul id=\"groups\">");
			if (groups != null) {
				groups.forEach(group -> html.append("<li>").append(HtmlUtils.htmlEscape(group)).append("</li>"));
			}
			return html.append("</ul></body></html>").toString();
		}

	}

}
