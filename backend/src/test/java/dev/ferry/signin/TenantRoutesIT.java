package dev.ferry.signin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

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
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

/**
 * Every tenant-scoped route, found by asking Spring MVC for all handler mappings under
 * {@code /t/{slug}}, answers 404 to a member of another organisation, for every HTTP
 * method it serves, and each attempt is audited in the organisation that was targeted. A
 * new route is covered without touching this test.
 */
@FerryIntegrationTest
class TenantRoutesIT {

	@Autowired
	WebApplicationContext context;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	JdbcTemplate jdbc;

	MockMvc mvc;

	Tenant acme;

	Tenant globex;

	@BeforeEach
	void setUp() {
		mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
		acme = TestTenants.create(tenants, members, "routes-acme", TenantKind.CUSTOMER, "https://acme.okta.com",
				"owner@acme.example");
		globex = TestTenants.create(tenants, members, "routes-globex", TenantKind.CUSTOMER, "https://globex.okta.com",
				"owner@globex.example");
	}

	@Test
	void aMemberOfAnotherOrganisationGetsNotFoundOnEveryTenantRoute() throws Exception {
		FerryUser globexAdmin = TestUsers.user(globex.oktaIssuer(), "00uglobex", "owner@globex.example",
				List.of(TestTenants.membership(globex, Role.OWNER)));
		List<Route> routes = tenantRoutes();
		assertThat(routes).as("tenant-scoped routes found").hasSizeGreaterThanOrEqualTo(4);
		List<String> leaks = new ArrayList<>();
		for (Route route : routes) {
			int status = mvc
				.perform(request(route.method(), route.path(acme.slug()))
					.with(authentication(TestUsers.authentication(globexAdmin)))
					.with(csrf()))
				.andReturn()
				.getResponse()
				.getStatus();
			if (status != 404) {
				leaks.add(route + " answered " + status);
			}
		}
		assertThat(leaks).as("routes that did not answer 404 to another tenant's member").isEmpty();
		// every attempt is on record in acme's log, each naming who made it
		List<String> actors = TenantContext.call(acme.id(), () -> jdbc
			.queryForList("select actor_id from audit_event where action = 'access.denied'", String.class));
		assertThat(actors).hasSize(routes.size()).containsOnly("00uglobex");
	}

	@Test
	void aSignedOutVisitorIsSentToSignInAndAMemberGetsIn() throws Exception {
		FerryUser acmeOwner = TestUsers.user(acme.oktaIssuer(), "00uacme", "owner@acme.example",
				List.of(TestTenants.membership(acme, Role.OWNER)));
		for (Route route : tenantRoutes()) {
			if (route.method() != HttpMethod.GET || route.pattern().contains("{id}")) {
				continue;
			}
			int anonymous = mvc.perform(request(route.method(), route.path(acme.slug())))
				.andReturn()
				.getResponse()
				.getStatus();
			assertThat(anonymous).as(route + " without a session").isEqualTo(302);
			int member = mvc
				.perform(request(route.method(), route.path(acme.slug()))
					.with(authentication(TestUsers.authentication(acmeOwner))))
				.andReturn()
				.getResponse()
				.getStatus();
			assertThat(member).as(route + " as a member").isIn(200, 302);
		}
	}

	@Test
	void anAuditorCannotChangeMembers() throws Exception {
		FerryUser auditor = TestUsers.user(acme.oktaIssuer(), "00uaud", "auditor@acme.example",
				List.of(TestTenants.membership(acme, Role.AUDITOR)));
		int status = mvc
			.perform(request(HttpMethod.POST, "/t/" + acme.slug() + "/members").param("login", "new@acme.example")
				.param("role", "OWNER")
				.with(authentication(TestUsers.authentication(auditor)))
				.with(csrf()))
			.andReturn()
			.getResponse()
			.getStatus();
		assertThat(status).isEqualTo(403);
		assertThat(TenantContext.call(acme.id(), () -> members.list()).stream().map(m -> m.login()))
			.doesNotContain("new@acme.example");
	}

	private List<Route> tenantRoutes() {
		List<Route> routes = new ArrayList<>();
		for (Map.Entry<RequestMappingInfo, ?> entry : mappings.getHandlerMethods().entrySet()) {
			RequestMappingInfo info = entry.getKey();
			for (String pattern : info.getPatternValues()) {
				if (!pattern.startsWith("/t/{slug}")) {
					continue;
				}
				var methods = info.getMethodsCondition().getMethods();
				if (methods.isEmpty()) {
					routes.add(new Route(HttpMethod.GET, pattern));
				}
				for (RequestMethod method : methods) {
					routes.add(new Route(HttpMethod.valueOf(method.name()), pattern));
				}
			}
		}
		return routes;
	}

	record Route(HttpMethod method, String pattern) {

		String path(String slug) {
			// a connector kind must be a registered one of its side; every other
			// variable an unknown id
			return pattern.replace("{slug}", slug)
				.replace("/source/{kind}", "/source/okta")
				.replace("{kind}", "sharefile")
				.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
		}

		@Override
		public String toString() {
			return method + " " + pattern;
		}

	}

}
