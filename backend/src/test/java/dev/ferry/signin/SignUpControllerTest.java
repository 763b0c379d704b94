package dev.ferry.signin;

import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.ferry.audit.AuditLog;
import dev.ferry.audit.Refusals;
import dev.ferry.system.FerryProperties;
import dev.ferry.system.Problem;
import dev.ferry.tenant.IdentityProvider;
import dev.ferry.tenant.NewTenant;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.PortalSlice;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * The sign-up form's decisions, without a provider or a database: what is refused and why
 * (as message codes), when the provider is asked, when a second sign-up replaces the
 * first one's secret, and which preset's directions the page shows.
 */
@PortalSlice(SignUpController.class)
@org.springframework.context.annotation.Import(SignUpChecks.class)
class SignUpControllerTest {

	@Autowired
	MockMvc mvc;

	// mocked by PortalSlice
	@Autowired
	Tenants tenants;

	@MockitoBean
	ProviderCheck providerCheck;

	@MockitoBean
	AuditLog audit;

	@MockitoBean
	Refusals refusals;

	@MockitoBean
	FerryProperties properties;

	@BeforeEach
	void ferry() {
		given(properties.publicBase()).willReturn("https://ferry.example.test");
		given(providerCheck.problemWith(anyString())).willReturn(Optional.empty());
	}

	@Test
	void eachPresetShowsItsOwnDirectionsAndGooglesIssuerIsFilledIn() throws Exception {
		mvc.perform(get("/signup").param("provider", "ENTRA"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Microsoft Entra admin center")))
			.andExpect(content()
				.string(org.hamcrest.Matchers.containsString("https://login.microsoftonline.com/your-tenant-id/v2.0")));
		mvc.perform(get("/signup").param("provider", "GOOGLE"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("value=\"https://accounts.google.com\"")));
		// an unknown preset is Okta's
		mvc.perform(get("/signup").param("provider", "<script>"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Okta Admin Console")));
	}

	@Test
	void aFormWithBadFieldsIsRefusedFieldByFieldWithoutAskingTheProvider() throws Exception {
		mvc.perform(post("/signup").param("displayName", "<b>")
			.param("slug", "X")
			.param("issuer", "https://login.example.com")
			.param("clientId", "")
			.param("clientSecret", " "))
			.andExpect(status().isOk())
			.andExpect(view().name("signin/signup"))
			.andExpect(model().attribute("errors",
					java.util.Map.of("displayName", Problem.of("signup.problem.displayName"), "slug",
							Problem.of("signup.problem.slug"), "clientId", Problem.of("signup.problem.clientId"),
							"clientSecret", Problem.of("signup.problem.clientSecret"))))
			// the secret is never shown again
			.andExpect(
					content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("value=\" \""))));
		verify(providerCheck, never()).problemWith(anyString());
		verify(tenants, never()).create(any());
	}

	@Test
	void theProvidersProblemIsShownAtTheIssuerAndTheIssuerIsKeptAsTyped() throws Exception {
		given(providerCheck.problemWith("https://acme.us.auth0.com/"))
			.willReturn(Optional.of(Problem.of("oidc.problem.status", "https://acme.us.auth0.com/.well-known", 404)));
		mvc.perform(valid("acme", "https://acme.us.auth0.com/"))
			.andExpect(model().attribute("errors",
					java.util.Map.of("issuer",
							Problem.of("oidc.problem.status", "https://acme.us.auth0.com/.well-known", 404))))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("value=\"https://acme.us.auth0.com/\"")));
		verify(tenants, never()).create(any());
	}

	@Test
	void aGoodFormCreatesTheOrganisationWithTheIssuerExactlyAsTypedAndStartsSignIn() throws Exception {
		Tenant created = tenant("acme", "https://acme.us.auth0.com/");
		given(tenants.create(any())).willReturn(created);
		mvc.perform(valid("Acme", "https://acme.us.auth0.com/").param("provider", "OTHER"))
			.andExpect(redirectedUrl("/oauth2/authorization/acme"));
		verify(tenants).create(new NewTenant("acme", "Acme Ltd", TenantKind.CUSTOMER, null,
				"https://acme.us.auth0.com/", "client-1", "secret-1", java.util.List.of(), IdentityProvider.OTHER));
	}

	@Test
	void signingUpAgainWhileOnboardingReplacesTheSecretOnlyWithOneTheProviderAccepts() throws Exception {
		given(tenants.slugTaken("acme")).willReturn(true);
		given(tenants.onboardingWith("acme", "https://acme.okta.com", "client-1")).willReturn(true);
		Tenant existing = tenant("acme", "https://acme.okta.com");
		given(tenants.signUpAgain(any())).willReturn(Optional.of(existing));
		given(providerCheck.secretProblem("acme", "https://acme.okta.com", "client-1", "secret-1"))
			.willReturn(Optional.empty());
		mvc.perform(valid("acme", "https://acme.okta.com")).andExpect(redirectedUrl("/oauth2/authorization/acme"));
		verify(tenants, never()).create(any());

		// the short name, issuer and client id are no secret: a secret the provider
		// refuses
		// changes nothing
		Problem refused = Problem.of("clientAuth.problem.secretRefused", 401, "invalid_client");
		given(providerCheck.secretProblem("acme", "https://acme.okta.com", "client-1", "secret-1"))
			.willReturn(Optional.of(refused));
		mvc.perform(valid("acme", "https://acme.okta.com"))
			.andExpect(model().attribute("errors", java.util.Map.of("clientSecret", refused)));
		verify(tenants, org.mockito.Mockito.times(1)).signUpAgain(any());
	}

	@Test
	void aShortNameInUseIsTaken() throws Exception {
		given(tenants.slugTaken("acme")).willReturn(true);
		// not onboarding, or another issuer or client: taken
		mvc.perform(valid("acme", "https://acme.okta.com"))
			.andExpect(model().attribute("errors", java.util.Map.of("slug", Problem.of("signup.problem.slugTaken"))));
		verify(providerCheck, never()).secretProblem(anyString(), anyString(), anyString(), anyString());
		// a reserved word is taken whatever the database says
		mvc.perform(valid("signup", "https://acme.okta.com"))
			.andExpect(model().attribute("errors", java.util.Map.of("slug", Problem.of("signup.problem.slugTaken"))));
		verify(tenants, never()).signUpAgain(any());
	}

	private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder valid(String slug,
			String issuer) {
		return post("/signup").param("displayName", "Acme Ltd")
			.param("slug", slug)
			.param("kind", "CUSTOMER")
			.param("issuer", issuer)
			.param("clientId", "client-1")
			.param("clientSecret", "secret-1");
	}

	private static Tenant tenant(String slug, String issuer) {
		Tenant tenant = mock(Tenant.class);
		given(tenant.slug()).willReturn(slug.toLowerCase(java.util.Locale.ROOT));
		given(tenant.displayName()).willReturn("Acme Ltd");
		given(tenant.kind()).willReturn(TenantKind.CUSTOMER);
		given(tenant.oktaIssuer()).willReturn(issuer);
		given(tenant.provider()).willReturn(IdentityProvider.OKTA);
		return tenant;
	}

}
