package dev.ferry.signin;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The sign-up form without a browser: each field with its label and rules, and a refused
 * form shown again as typed (never the secret) with each problem beside its field.
 */
@FerryIntegrationTest
class SignUpFormIT {

	@Autowired
	WebApplicationContext context;

	@Autowired
	Tenants tenants;

	MockMvc mvc;

	@BeforeEach
	void setUp() {
		mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
	}

	@Test
	void theFormShowsEachFieldWithItsRules() throws Exception {
		String page = mvc.perform(get("/signup")).andReturn().getResponse().getContentAsString();
		assertThat(page)
			.contains("<label for=\"displayName\">Organisation name</label>", "id=\"slug\"",
					"pattern=\"[a-z][a-z0-9-]{1,38}[a-z0-9]\"", "maxlength=\"40\"", "type=\"url\"",
					"placeholder=\"https://", "type=\"password\"", "autocomplete=\"new-password\"",
					"value=\"CUSTOMER\" checked=\"checked\"", "Used in addresses and at sign-in")
			.doesNotContain("field-error", "Nothing was created", "aria-invalid=\"true\"");
	}

	@Test
	void aRefusedFormComesBackAsTypedWithEachProblemBesideItsField() throws Exception {
		MvcResult result = mvc
			.perform(post("/signup").param("displayName", "  NewCo Ltd ")
				.param("slug", "X")
				.param("kind", "MSP")
				.param("oktaIssuer", "")
				.param("clientId", "")
				.param("clientSecret", "s3cret-not-echoed")
				.with(csrf()))
			.andReturn();
		String page = result.getResponse().getContentAsString();

		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(page)
			.contains("Nothing was created: fix the fields marked below.", "value=\"NewCo Ltd\"", "value=\"x\"",
					"value=\"MSP\" checked=\"checked\"",
					"The short name is 3 to 40 lower-case letters, digits and dashes, starting with a letter.",
					"Give the address, e.g. https://acme.okta.com.",
					"Give the client id of the OIDC app you made for Ferry in Okta.", "id=\"slug-error\"",
					"aria-describedby=\"slug-error\"")
			.doesNotContain("s3cret-not-echoed", "Give the client secret of that app.", "displayName-error");
		assertThat(tenants.bySlug("x")).isEmpty();
	}

}
