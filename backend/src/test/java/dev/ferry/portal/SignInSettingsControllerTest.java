package dev.ferry.portal;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.ferry.signin.ClientCredentials;
import dev.ferry.signin.ClientKeys;
import dev.ferry.signin.OidcDiscovery;
import dev.ferry.signin.ProviderMetadata;
import dev.ferry.signin.Seats;
import dev.ferry.signin.SignedIn;
import dev.ferry.system.Problem;
import dev.ferry.system.Refusal;
import dev.ferry.tenant.ClientAuth;
import dev.ferry.tenant.EmailDomains;
import dev.ferry.tenant.GroupRoles;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.PortalSlice;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * The sign-in settings page's decisions, without a provider or a database: the key pair
 * and the client secret are switched only as the services allow, their refusals come back
 * as the flash on this page, and only owners (who manage members) reach any of it.
 */
@PortalSlice(SignInSettingsController.class)
class SignInSettingsControllerTest {

	private static final String PAGE = "/t/acme/settings/sign-in";

	@Autowired
	MockMvc mvc;

	@Autowired
	Seats seats;

	@Autowired
	Tenants tenants;

	@MockitoBean
	GroupRoles groupRoles;

	@MockitoBean
	EmailDomains domains;

	@MockitoBean
	OidcDiscovery discovery;

	@MockitoBean
	ClientKeys keys;

	@MockitoBean
	ClientCredentials credentials;

	SignedIn owner;

	@BeforeEach
	void acme() {
		owner = SignedIn.as(Role.OWNER, "acme", seats);
		Tenant organisation = mock(Tenant.class);
		given(organisation.id()).willReturn(owner.seat().tenantId());
		given(organisation.slug()).willReturn("acme");
		given(organisation.oktaIssuer()).willReturn(SignedIn.ISSUER);
		given(organisation.oidcClientId()).willReturn("client-1");
		given(organisation.clientAuth()).willReturn(ClientAuth.SECRET);
		given(tenants.byId(owner.seat().tenantId())).willReturn(Optional.of(organisation));
		given(discovery.metadata(SignedIn.ISSUER)).willReturn(
				new ProviderMetadata(SignedIn.ISSUER, SignedIn.ISSUER + "/authorize", SignedIn.ISSUER + "/token",
						SignedIn.ISSUER + "/keys", null, null, List.of(), List.of("private_key_jwt")));
		given(keys.jwksUrl(organisation)).willReturn("https://ferry.example.test/oidc/acme/jwks.json");
	}

	@Test
	void anOwnerSeesHowTheOrganisationSignsIn() throws Exception {
		mvc.perform(get(PAGE).with(owner))
			.andExpect(status().isOk())
			.andExpect(view().name("portal/signin-settings"))
			.andExpect(model().attribute("jwksUrl", "https://ferry.example.test/oidc/acme/jwks.json"))
			// the provider verified the owner's e-mail: their domain is the one offered
			.andExpect(model().attribute("ownDomain", "acme.example"));
	}

	@Test
	void generatingAKeyRedirectsWithTheFlashAndAKeyInUseIsRefusedOnThisPage() throws Exception {
		mvc.perform(post(PAGE + "/key").with(owner))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("clientAuth.flash.generated")));
		verify(keys).generate(owner.actor());

		willThrow(new Refusal("clientAuth.flash.keyInUse")).given(keys).generate(any());
		mvc.perform(post(PAGE + "/key").with(owner))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("clientAuth.flash.keyInUse")));
	}

	@Test
	void theKeyIsUsedOnlyOnceTheProviderAcceptsIt() throws Exception {
		given(keys.use(any())).willReturn(Optional.of(Problem.of("clientAuth.problem.refused", 401, "invalid_client")));
		mvc.perform(post(PAGE + "/key/use").with(owner))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE,
					Flash.error(Problem.of("clientAuth.problem.refused", 401, "invalid_client"))));
		// for htmx, in the layout's flash area
		mvc.perform(post(PAGE + "/key/use").with(owner).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(view().name("fragments/layout :: flashMessage"))
			.andExpect(header().string("HX-Retarget", "#flash"));

		given(keys.use(any())).willReturn(Optional.empty());
		mvc.perform(post(PAGE + "/key/use").with(owner))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("clientAuth.flash.using")));
		verify(keys, org.mockito.Mockito.times(3)).use(owner.actor());
	}

	@Test
	void goingBackToTheSecret() throws Exception {
		mvc.perform(post(PAGE + "/key/secret").with(owner))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("clientAuth.flash.usingSecret")));
		verify(keys).useSecret(owner.actor());
	}

	@Test
	void aNewClientIdAndSecretAreKeptOnlyWhenTheProviderAcceptsThem() throws Exception {
		given(credentials.replace("client-2", "wrong", owner.actor()))
			.willReturn(Optional.of(Problem.of("clientAuth.problem.refused", 401, "invalid_client")));
		mvc.perform(post(PAGE + "/client").with(owner).param("clientId", "client-2").param("clientSecret", "wrong"))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE,
					Flash.error(Problem.of("clientAuth.problem.refused", 401, "invalid_client"))));

		given(credentials.replace("client-2", "right", owner.actor())).willReturn(Optional.empty());
		mvc.perform(post(PAGE + "/client").with(owner).param("clientId", "client-2").param("clientSecret", "right"))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("clientAuth.flash.clientReplaced")));

		// a field left out reaches the rules as empty, which refuse it
		given(credentials.replace("", "", owner.actor()))
			.willReturn(Optional.of(Problem.of("signup.problem.clientId")));
		mvc.perform(post(PAGE + "/client").with(owner))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error(Problem.of("signup.problem.clientId"))));
	}

	@Test
	void anAdminCannotReachThePageNorChangeAnything() throws Exception {
		SignedIn admin = SignedIn.as(Role.ADMIN, "acme", seats);
		mvc.perform(get(PAGE).with(admin)).andExpect(status().isForbidden());
		mvc.perform(post(PAGE + "/key").with(admin)).andExpect(status().isForbidden());
		mvc.perform(post(PAGE + "/key/use").with(admin)).andExpect(status().isForbidden());
		mvc.perform(post(PAGE + "/key/secret").with(admin)).andExpect(status().isForbidden());
		mvc.perform(post(PAGE + "/client").with(admin).param("clientId", "c").param("clientSecret", "s"))
			.andExpect(status().isForbidden());
		mvc.perform(post(PAGE).with(admin).param("group", "admins").param("role", "AUDITOR"))
			.andExpect(status().isForbidden());
		verifyNoInteractions(keys, credentials, groupRoles, domains, discovery);
		verify(tenants, never()).groupsClaim(anyString(), any());
	}

}
