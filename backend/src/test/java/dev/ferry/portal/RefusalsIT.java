package dev.ferry.portal;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import dev.ferry.signin.FerryUser;
import dev.ferry.signin.TestUsers;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * A service's refusal reaches the person the same way from every page: flashed in its own
 * words on the page the handler names, or, for an htmx call, in the layout's flash area.
 * A run that does not exist is a 404.
 */
@FerryIntegrationTest
class RefusalsIT {

	@Autowired
	WebApplicationContext context;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	MessageSource messages;

	MockMvc mvc;

	Tenant acme;

	FerryUser owner;

	String base;

	@BeforeEach
	void setUp() {
		mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
		acme = TestTenants.create(tenants, members, "refusals-acme", TenantKind.CUSTOMER, "https://acme.okta.com",
				"owner@acme.example");
		owner = TestUsers.user(acme.oktaIssuer(), "00uowner", "owner@acme.example",
				List.of(TestTenants.membership(acme, Role.OWNER)));
		base = "/t/" + acme.slug();
	}

	@Test
	void theLastOwnerIsNotRemovedAndTheMembersPageSaysWhy() throws Exception {
		UUID only = TenantContext.call(acme.id(), () -> members.list().get(0).id());

		MvcResult result = perform(post(base + "/members/" + only + "/remove"));

		assertThat(result.getResponse().getStatus()).isEqualTo(302);
		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo(base + "/members");
		assertThat(flash(result)).isEqualTo("The last owner cannot be removed: make someone else owner first.");
		assertThat(TenantContext.call(acme.id(), () -> members.list())).hasSize(1);
	}

	@Test
	void aGroupWithoutANameIsRefusedOnTheSignInSettingsPage() throws Exception {
		MvcResult result = perform(post(base + "/settings/sign-in").param("group", " ").param("role", "ADMIN"));

		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo(base + "/settings/sign-in");
		assertThat(flash(result)).isEqualTo("Give the group's name, as the groups claim carries it.");
	}

	@Test
	void approvingARunThatHoldsNothingGoesBackToTheRun() throws Exception {
		UUID run = UUID.randomUUID();

		MvcResult result = perform(post(base + "/provisioning/runs/" + run + "/approve"));

		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo(base + "/provisioning/runs/" + run);
		assertThat(flash(result)).isEqualTo("Nothing to approve: that run holds nothing (any more).");
	}

	@Test
	void anHtmxCallIsAnsweredInTheFlashArea() throws Exception {
		MvcResult result = perform(
				post(base + "/provisioning/runs/" + UUID.randomUUID() + "/reject").header("HX-Request", "true"));

		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(result.getResponse().getHeader("HX-Retarget")).isEqualTo("#flash");
		assertThat(result.getResponse().getHeader("HX-Reswap")).isEqualTo("innerHTML");
		assertThat(result.getResponse().getContentAsString().strip()).startsWith("<p")
			.contains("flash flash-error", "Nothing to reject: that run holds nothing (any more).")
			.doesNotContain("<html");
	}

	@Test
	void aRunThatDoesNotExistIsNotFound() throws Exception {
		for (String path : List.of("/provisioning/runs/", "/provisioning/runs/%s/progress")) {
			String url = base + (path.contains("%s") ? path.formatted(UUID.randomUUID()) : path + UUID.randomUUID());
			assertThat(perform(get(url)).getResponse().getStatus()).as(url).isEqualTo(404);
		}
	}

	private MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
		return mvc.perform(request.with(authentication(TestUsers.authentication(owner))).with(csrf())).andReturn();
	}

	private String flash(MvcResult result) {
		Flash flash = (Flash) result.getFlashMap().get(Flash.ATTRIBUTE);
		assertThat(flash).as("the redirect's flash").isNotNull();
		return messages.getMessage(flash, Locale.ENGLISH);
	}

}
