package dev.ferry.provisioning;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.HtmlUtils;

import dev.ferry.connection.Connections;
import dev.ferry.provisioning.internal.engine.IdentitySyncRequest;
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
import dev.ferry.work.DeadLetter;
import dev.ferry.work.DeadLetters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The People page against real PostgreSQL, Redis, workers and the sandbox's Okta and
 * ShareFile: someone in scope and linked, someone out of scope with the rule that leaves
 * them out, someone whose sync fails (no licence left) with ShareFile's error, and their
 * retry once a licence is free; Okta out of reach; what one organisation finds is never
 * another's.
 */
@FerryIntegrationTest
class PeopleIT {

	static final Duration CONVERGE = Duration.ofSeconds(30);

	@Autowired
	WebApplicationContext context;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Connections connections;

	@Autowired
	Provisioning provisioning;

	@Autowired
	DeadLetters deadLetters;

	@Autowired
	People people;

	@Autowired
	JdbcTemplate jdbc;

	MockMvc mvc;

	ProvisioningWorld world;

	FerryUser owner;

	FerryUser auditor;

	String base;

	@BeforeEach
	void setUp() {
		mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
		world = new ProvisioningWorld(tenants, members, connections, provisioning);
		owner = TestUsers.user(world.tenant.oktaIssuer(), "00uowner", "owner@" + world.org + ".example",
				List.of(TestTenants.membership(world.tenant, Role.OWNER)));
		auditor = TestUsers.user(world.tenant.oktaIssuer(), "00uaud", "auditor@" + world.org + ".example",
				List.of(TestTenants.membership(world.tenant, Role.AUDITOR)));
		base = "/t/" + world.tenant.slug() + "/people";
	}

	@Test
	void explainsSomeoneInScopeSomeoneOutOfScopeAndAFailureWithItsRetry() throws Exception {
		String ada = world.person("Ada", "Stone");
		world.assign(ada);
		String eli = world.person("Eli", "Moss");
		assertThat(world.configure(config -> config.withEnabled(true))).isEmpty();
		await().atMost(CONVERGE).until(() -> world.as(() -> provisioning.linkedAccounts()) == 1);

		// search: Ferry's own records, by any part of a name, as a page or as htmx's
		// fragment
		String found = page(owner, get(base).param("q", "stONe"));
		assertThat(found).contains("Ada Stone", world.email("Ada", "Stone"), base + "/" + ada, "Linked",
				"hx-get=\"" + base + "\"", "delay:300ms");
		String fragment = page(owner, get(base).param("q", "ada st").header("HX-Request", "true"));
		assertThat(fragment).contains("id=\"people-results\"", "Ada Stone").doesNotContain("<html", "mainnav");
		assertThat(page(owner, get(base).param("q", "nobody-here")))
			.contains("Ferry knows nobody matching &quot;nobody-here&quot;", "Look up &quot;nobody-here&quot;");

		// in scope and linked: the rules they pass, the account, the values side by side
		String adaPage = page(owner, get(base + "/" + ada));
		assertThat(adaPage).contains("In scope", "their status is ACTIVE, which counts as active",
				"they are assigned to the ShareFile app, directly or by group",
				"Linked to the ShareFile account " + world.email("Ada", "Stone"), "Mapped values", "In ShareFile now",
				"user.firstName", "Same", "Latest operations", "CREATE_ACCOUNT", "Provision now")
			.doesNotContain("Will change");

		// out of scope (opened by login, as "look up" does): why, in words
		String eliPage = page(owner, get(base + "/" + world.email("Eli", "Moss")));
		assertThat(eliPage).contains("Not in scope", "They are not assigned to the ShareFile app in Okta",
				"out of scope: Ferry does not look for an account", "No operation on this person yet", eli);

		// a failure: no employee licence left, so the sync is given up with ShareFile's
		// error
		world.licences(0);
		String bea = world.person("Bea", "Lane");
		world.assign(bea);
		MvcResult queued = mvc
			.perform(
					post(base + "/" + bea + "/sync").with(authentication(TestUsers.authentication(owner))).with(csrf()))
			.andReturn();
		assertThat(queued.getResponse().getRedirectedUrl()).isEqualTo(base + "/" + bea);
		await().atMost(CONVERGE)
			.until(() -> !world.as(() -> deadLetters.deadOf(IdentitySyncRequest.KIND, bea)).isEmpty());
		DeadLetter letter = world.as(() -> deadLetters.deadOf(IdentitySyncRequest.KIND, bea)).get(0);
		String beaPage = page(owner, get(base + "/" + bea));
		assertThat(beaPage).contains("In scope", "Gave up (dead letters)", HtmlUtils.htmlEscape(letter.message()),
				"/retry/" + letter.id().value(),
				"ShareFile has no account with the e-mail " + world.email("Bea", "Lane"));
		assertThat(letter.message()).containsIgnoringCase("licen");

		// an auditor reads but neither provisions nor retries
		assertThat(page(auditor, get(base + "/" + bea))).contains("Gave up").doesNotContain("Provision now", "/retry/");
		assertThat(status(auditor, post(base + "/" + bea + "/sync"))).isEqualTo(403);
		assertThat(status(auditor, post(base + "/" + bea + "/retry/" + letter.id().value()))).isEqualTo(403);

		// retry, once a licence is free: the same job runs again and Bea is linked
		world.licences(1000);
		MvcResult retried = mvc
			.perform(post(base + "/" + bea + "/retry/" + letter.id().value())
				.with(authentication(TestUsers.authentication(owner)))
				.with(csrf()))
			.andReturn();
		assertThat(retried.getResponse().getRedirectedUrl()).isEqualTo(base + "/" + bea);
		await().atMost(CONVERGE).until(() -> world.as(() -> provisioning.linkedAccounts()) == 2);
		await().atMost(CONVERGE).until(() -> !world.as(() -> people.activity(bea)).busy());
		assertThat(page(owner, get(base + "/" + bea)))
			.contains("Linked to the ShareFile account " + world.email("Bea", "Lane"), "Applied");
		// retrying again finds nothing to retry, and says so
		MvcResult again = mvc
			.perform(post(base + "/" + bea + "/retry/" + letter.id().value())
				.with(authentication(TestUsers.authentication(owner)))
				.with(csrf()))
			.andReturn();
		assertThat(again.getResponse().getRedirectedUrl()).isEqualTo(base + "/" + bea);

		assertThat(audited("provisioning.person_sync", bea)).isEqualTo(1);
		assertThat(audited("provisioning.person_retry", bea)).isEqualTo(1);

		// Okta unreachable (last: Ferry then waits out the Retry-After Okta sent): said
		// so, and what Ferry knows is still shown
		world.sandbox.control("PUT", "/sandbox/api/okta/" + world.org + "/faults", "{\"outageSeconds\":60}");
		try {
			String unreachable = page(owner, get(base + "/" + ada));
			assertThat(unreachable)
				.contains("Ferry could not read this person from the identity source or ShareFile",
						"Below is what Ferry itself knows about them",
						"linked to the ShareFile account " + world.email("Ada", "Stone"), "CREATE_ACCOUNT")
				.doesNotContain("Mapped values");
		}
		finally {
			world.sandbox.control("DELETE", "/sandbox/api/okta/" + world.org + "/faults", null);
		}
	}

	@Test
	void anotherOrganisationsPeopleAreNeverFound() throws Exception {
		Tenant other = TestTenants.create(tenants, members, "people-other", TenantKind.CUSTOMER,
				"https://other.okta.com", "owner@other.example");
		link(other, "00uzedother", "sf-zed-other", "zed.quill@other.example", "Zed", "Quill");
		link(world.tenant, "00uzedmine", "sf-zed-mine", "zed.quill@" + world.org + ".example", "Zed", "Quill");

		String found = page(owner, get(base).param("q", "quill"));
		assertThat(found).contains("zed.quill@" + world.org + ".example", base + "/00uzedmine")
			.doesNotContain("other.example", "00uzedother");
		assertThat(page(owner, get(base).param("q", "sf-zed-other"))).contains("Ferry knows nobody matching");
		// opening the other organisation's person by id tells nothing of them
		assertThat(page(owner, get(base + "/00uzedother"))).contains("knows nobody with the id or login")
			.doesNotContain("sf-zed-other", "zed.quill@other.example");
		// and the other organisation's People page is not there for this owner
		assertThat(status(owner, get("/t/" + other.slug() + "/people").param("q", "quill"))).isEqualTo(404);
	}

	/**
	 * The issue's target: the page under 150 ms of server time with 100,000 linked people
	 * in the organisation (and as many in another). Searches by name, e-mail fragment, id
	 * and for nobody, each answered from Ferry's own tables; the median is asserted (this
	 * machine is shared), every time printed.
	 */
	@Test
	void searchAnswersWithin150msAmong100000LinkedPeople() throws Exception {
		Tenant other = TestTenants.create(tenants, members, "people-bulk", TenantKind.CUSTOMER, "https://bulk.okta.com",
				"owner@bulk.example");
		for (Tenant tenant : List.of(world.tenant, other)) {
			TenantContext.run(tenant.id(),
					() -> jdbc.update(
							"""
									insert into link (tenant_id, identity_id, account_id, account_email, employee, state, last_written,
									                  linked_at, updated_at)
									select ?, '00u' || lpad(n::text, 17, '0'), md5(n::text || ?::text),
									       (array['ada','bea','eli','zed','kim','lou','max','noa','ole','pia'])[1 + n % 10] || '.'
									       || (array['stone','lane','moss','quill','hart','berg','cole','dunn','ely','ford'])[1 + (n / 10) % 10]
									       || n || '@bulk.example', true, 'ACTIVE',
									       jsonb_build_object('FirstName', (array['Ada','Bea','Eli','Zed','Kim','Lou','Max','Noa','Ole','Pia'])[1 + n % 10],
									                          'LastName', (array['Stone','Lane','Moss','Quill','Hart','Berg','Cole','Dunn','Ely','Ford'])[1 + (n / 10) % 10] || n),
									       now(), now()
									from generate_series(1, 100000) n""",
							tenant.id(), tenant.id()));
		}
		// as autovacuum would soon after such a load: only the tables' owner may analyze
		try (java.sql.Connection owner = dev.ferry.test.TestServices.get().ownerConnection();
				java.sql.Statement statement = owner.createStatement()) {
			statement.execute("analyze link");
		}
		List<String> queries = List.of("stone4200", "ada.stone", "quill", "00u00000000000000012345", "nobody-here",
				"bulk.example", "Pia Ford", "e4242");
		for (String query : queries) {
			page(owner, get(base).param("q", query).header("HX-Request", "true"));
		}
		List<Long> millis = new java.util.ArrayList<>();
		for (int round = 0; round < 3; round++) {
			for (String query : queries) {
				long start = System.nanoTime();
				String answer = page(owner, get(base).param("q", query).header("HX-Request", "true"));
				millis.add((System.nanoTime() - start) / 1_000_000);
				assertThat(answer).doesNotContain(other.id().toString());
			}
		}
		assertThat(page(owner, get(base).param("q", "stone4200"))).contains("Ada Stone4200",
				"ada.stone4200@bulk.example");
		List<Long> sorted = millis.stream().sorted().toList();
		long median = sorted.get(sorted.size() / 2);
		long p95 = sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1);
		System.out.println("People search among 100,000 linked people, ms per page (median " + median + ", p95 " + p95
				+ "): " + millis);
		assertThat(median).as("median server time of a search, ms").isLessThan(150);
	}

	private void link(Tenant tenant, String identity, String account, String email, String first, String last) {
		TenantContext.run(tenant.id(), () -> jdbc
			.update("insert into link (tenant_id, identity_id, account_id, account_email, employee, state, "
					+ "last_written, linked_at, updated_at) values (?, ?, ?, ?, true, 'ACTIVE', "
					+ "jsonb_build_object('FirstName', ?::text, 'LastName', ?::text, 'Email', ?::text), now(), now())",
					tenant.id(), identity, account, email, first, last, email));
	}

	private long audited(String action, String target) {
		return world.as(() -> jdbc.queryForObject(
				"select count(*) from audit_event where action = ? and target_id = ? and actor_type = 'MEMBER'",
				Long.class, action, target));
	}

	private String page(FerryUser user, MockHttpServletRequestBuilder request) throws Exception {
		MvcResult result = mvc.perform(request.with(authentication(TestUsers.authentication(user))).with(csrf()))
			.andReturn();
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
		return result.getResponse().getContentAsString();
	}

	private int status(FerryUser user, MockHttpServletRequestBuilder request) throws Exception {
		return mvc.perform(request.with(authentication(TestUsers.authentication(user))).with(csrf()))
			.andReturn()
			.getResponse()
			.getStatus();
	}

}
