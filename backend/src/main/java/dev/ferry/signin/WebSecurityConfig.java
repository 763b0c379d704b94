package dev.ferry.signin;

import java.net.http.HttpClient;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.endpoint.NimbusJwtClientAuthenticationParametersConverter;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.web.client.RestClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

import dev.ferry.system.FerryProperties;

/**
 * The portal's web security: sign-in with each organisation's Okta (authorization code +
 * PKCE S256, state and nonce), RP-initiated sign-out, CSRF on every form and htmx call,
 * strict headers, session fixation protection and idle/absolute session limits.
 * Everything needs a signed-in person except the sign-in and sign-up pages, static assets
 * and the health probes. The machine endpoints (hooks, SCIM) are not the portal's: their
 * own chain, ordered before this one, lets in only the organisation's hook secret or SCIM
 * token, never a session ({@code provisioning.MachineSecurityConfig}). Sessions live in
 * Redis (Spring Session), shared by every web node; when Ferry's public address is https
 * its session cookie is {@code Secure} and every answer carries HSTS (docs/security.md).
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfig {

	static final String SESSION_COOKIE = "FERRY_SESSION";

	@Bean
	SecurityFilterChain portalSecurity(HttpSecurity http, TenantClientRegistrations registrations,
			FerryOidcUserService users, SignInEvents events, FerryProperties properties, SessionProperties session,
			ClientKeys keys) throws Exception {
		OidcClientInitiatedLogoutSuccessHandler afterSignOut = new OidcClientInitiatedLogoutSuccessHandler(
				registrations);
		afterSignOut.setPostLogoutRedirectUri(properties.publicBase() + "/login?logout");
		// a provider without RP-initiated logout (Google, some Auth0 tenants): only
		// Ferry's session ends, and the page says so
		afterSignOut.setDefaultTargetUrl("/login?logout&local");
		http.authorizeHttpRequests(requests -> requests
			.requestMatchers("/login", "/signup", "/oidc/*/jwks.json", "/css/**", "/js/**", "/img/**", "/webjars/**",
					"/favicon.ico", "/error")
			.permitAll()
			.anyRequest()
			.authenticated())
			.oauth2Login(login -> login.loginPage("/login")
				.clientRegistrationRepository(registrations)
				.authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(withLoginHint(registrations)))
				.tokenEndpoint(token -> token.accessTokenResponseClient(tokenClient(keys)))
				.userInfoEndpoint(userInfo -> userInfo.oidcUserService(users))
				.successHandler(events)
				.failureHandler(events))
			.logout(logout -> logout.logoutUrl("/logout").addLogoutHandler(events).logoutSuccessHandler(afterSignOut))
			// the token lives in a cookie, not the session: a visitor who has not signed
			// in (the sign-in and
			// sign-up pages) costs Ferry no session in Redis
			.csrf(csrf -> csrf.csrfTokenRepository(new CookieCsrfTokenRepository()))
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(new HtmxAwareEntryPoint("/login")))
			.sessionManagement(sessions -> sessions.sessionFixation(fixation -> fixation.changeSessionId()))
			.addFilterBefore(new SessionLimits(session.absoluteTimeout()), LogoutFilter.class)
			.headers(new SecurityHeaders(properties));
		return http.build();
	}

	/**
	 * The session cookie: HttpOnly, SameSite=Lax, and Secure whenever Ferry's public
	 * address is https, whatever the connection from the load balancer looks like.
	 */
	@Bean
	CookieSerializer sessionCookie(FerryProperties properties) {
		DefaultCookieSerializer cookie = new DefaultCookieSerializer();
		cookie.setCookieName(SESSION_COOKIE);
		cookie.setCookiePath("/");
		cookie.setUseHttpOnlyCookie(true);
		cookie.setSameSite("Lax");
		cookie.setUseSecureCookie(properties.publicHttps());
		return cookie;
	}

	/**
	 * Redeems the authorization code: with the client secret, or with an assertion signed
	 * by the organisation's key ({@link ClientKeys}). Every OAuth error the token
	 * endpoint answers (401 {@code invalid_client} included, which Spring's own handler
	 * reads only from a 400) reaches the sign-in page as the provider's {@code error} and
	 * {@code error_description}.
	 */
	private static RestClientAuthorizationCodeTokenResponseClient tokenClient(ClientKeys keys) {
		RestClientAuthorizationCodeTokenResponseClient client = new RestClientAuthorizationCodeTokenResponseClient();
		client.addParametersConverter(new NimbusJwtClientAuthenticationParametersConverter<>(keys::signingKey));
		OAuth2ErrorResponseErrorHandler oauthErrors = new OAuth2ErrorResponseErrorHandler();
		OAuth2ErrorHttpMessageConverter errorBodies = new OAuth2ErrorHttpMessageConverter();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
		// a provider that hangs fails the sign-in, not a request thread for ever
		requests.setReadTimeout(Duration.ofSeconds(15));
		client.setRestClient(RestClient.builder().requestFactory(requests).messageConverters(converters -> {
			converters.clear();
			converters.add(new FormHttpMessageConverter());
			converters.add(new OAuth2AccessTokenResponseHttpMessageConverter());
		}).defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			if (response.getStatusCode().is4xxClientError() && response.getHeaders().getContentType() != null
					&& MediaType.APPLICATION_JSON.isCompatibleWith(response.getHeaders().getContentType())) {
				throw new OAuth2AuthorizationException(errorBodies.read(OAuth2Error.class, response));
			}
			oauthErrors.handleError(request.getURI(), request.getMethod(), response);
		}).build());
		return client;
	}

	/**
	 * Passes a typed work e-mail on to Okta as {@code login_hint}, so the person need not
	 * type it twice.
	 */
	private static OAuth2AuthorizationRequestResolver withLoginHint(TenantClientRegistrations registrations) {
		DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
				registrations, "/oauth2/authorization");
		return new OAuth2AuthorizationRequestResolver() {
			@Override
			public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
				try {
					return hint(request, resolver.resolve(request));
				}
				catch (IllegalArgumentException unknown) {
					// Spring's answer for a registration that does not exist (an unknown
					// organisation, or a provider whose discovery fails) is a 500; none
					// here: the request goes on and ends at the sign-in page, which says
					// what is wrong with the organisation typed there
					return null;
				}
			}

			@Override
			public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String registrationId) {
				return hint(request, resolver.resolve(request, registrationId));
			}
		};
	}

	private static OAuth2AuthorizationRequest hint(HttpServletRequest request,
			OAuth2AuthorizationRequest authorization) {
		String hint = request.getParameter("login_hint");
		if (authorization == null || hint == null || hint.isBlank() || hint.length() > 254) {
			return authorization;
		}
		return OAuth2AuthorizationRequest.from(authorization)
			.additionalParameters(parameters -> parameters.put("login_hint", hint))
			.build();
	}

}
