package dev.ferry.provisioning;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.context.WebApplicationContext;

import dev.ferry.audit.AuditEntry;
import dev.ferry.portal.Flash;
import dev.ferry.provisioning.internal.engine.IdentitySyncRequest;
import dev.ferry.provisioning.internal.engine.ReconcileRequest;
import dev.ferry.provisioning.internal.engine.Runs;
import dev.ferry.provisioning.internal.groups.GroupPushRequest;
import dev.ferry.provisioning.internal.importing.ImportRequest;
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
import dev.ferry.work.JobId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The provisioning pages behind sign-in: each renders, settings refuse bad expressions
 * with their position and store nothing, a good save makes a new version, auditors only
 * read, and the run's progress fragment polls itself until the run is finished.
 */
@FerryIntegrationTest
@Import(FakeWork.class)
// this context's work goes to the fakes: it runs no workers or scheduler of its own, so
// it never takes
// jobs from the contexts that test the real queue
@org.springframework.test.context.TestPropertySource(properties = "ferry.roles=web")
class ProvisioningPagesIT {

	static final AuditEntry.Actor ADMIN = AuditEntry.Actor.member("00utest", "Test Admin");

	@Autowired
	WebApplicationContext context;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Provisioning provisioning;

	@Autowired
	Runs runs;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	dev.ferry.connection.Connections connections;

	@Autowired
	FakeWork.Queue queue;

	@Autowired
	FakeWork.Dead dead;

	@Autowired
	MessageSource messages;

	MockMvc mvc;

	Tenant acme;

	FerryUser owner;

	FerryUser auditor;

	String base;

	@BeforeEach
	void setUp() {
		mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
		acme = TestTenants.create(tenants, members, "prov-acme", TenantKind.CUSTOMER, "https://acme.okta.com",
				"owner@acme.example");
		owner = TestUsers.user(acme.oktaIssuer(), "00uowner", "owner@acme.example",
				List.of(TestTenants.membership(acme, Role.OWNER)));
		auditor = TestUsers.user(acme.oktaIssuer(), "00uaud", "auditor@acme.example",
				List.of(TestTenants.membership(acme, Role.AUDITOR)));
		base = "/t/" + acme.slug() + "/provisioning";
	}

	@Test
	void everyPageRendersForAMember() throws Exception {
		RunId run = as(() -> provisioning.startRun(true, ADMIN));
		UUID deadJob = UUID.randomUUID();
		dead.add(acme.id(),
				new DeadLetter(new JobId(deadJob), "identity.sync", "00uada", Map.of(), 5, Instant.now(), Instant.now(),
						"PERMISSION_DENIED", "ShareFile refused to update ada@acme.example.", 403,
						"{\"code\":\"Forbidden\",\"message\":\"not allowed\"}",
						"Give the ShareFile admin the right to manage users."));
		TenantContext.run(acme.id(), () -> jdbc.update("insert into import_candidate (tenant_id, account_id, email, "
				+ "action, identity_id, status, created_at) values (?, 'sf-1', 'old.timer@acme.example', 'MATCH', "
				+ "'00uold', 'PENDING', now())", acme.id()));

		String overview = page(owner, get(base));
		assertThat(overview).contains("Provisioning", "Configuration version", "Dry run", "Reconcile now", "Import now",
				"Latest runs", "<progress", "<svg", "/provisioning/runs/" + run);
		assertThat(page(owner, get(base + "/runs/" + run))).contains("Dry run", "id=\"run-progress\"",
				"hx-trigger=\"every 1s\"", "Operations");
		assertThat(page(owner, get(base + "/settings"))).contains("Provisioning settings", "Attribute mappings",
				"value=\"user.email\"", "mappings[6].expression", "Save settings");
		assertThat(page(owner, get(base + "/dead-letters"))).contains("identity.sync", "PERMISSION_DENIED", "HTTP 403",
				"<details", "not allowed", "Give the ShareFile admin", "Retry all");
		assertThat(page(owner, get(base + "/import"))).contains("old.timer@acme.example", "Match", "00uold",
				"Approve selected");
		assertThat(page(owner, get(base + "/preview"))).contains("Preview a person");
		assertThat(page(owner, get(base + "/preview").param("person", "ada@acme.example")))
			.contains("Connect Okta and ShareFile first");
	}

	@Test
	void aBadExpressionIsShownWithItsPositionAndNothingIsSaved() throws Exception {
		int before = as(() -> provisioning.configVersion());
		MultiValueMap<String, String> form = form(ProvisioningConfig.defaults(provisioning.targetSchema()));
		form.set("mappings[0].expression", "lowerr(user.firstName)");
		form.set("scope.groups", "Staff, Sales");
		String page = page(owner, post(base + "/settings").params(form), 200);
		assertThat(page).contains("Nothing was saved", "lowerr", "(position 0)",
				"The problem is at character 1 of the expression.", "value=\"lowerr(user.firstName)\"",
				"value=\"Staff, Sales\"", "class=\"caret-pointer\">^<");
		assertThat(as(() -> provisioning.configVersion())).isEqualTo(before);
		assertThat(as(() -> provisioning.config().scope().groups())).isEmpty();

		form.set("mappings[0].expression", "user.firstName + ");
		page = page(owner, post(base + "/settings").params(form), 200);
		assertThat(page).contains("(position 17)", "character 18");
		assertThat(as(() -> provisioning.configVersion())).isEqualTo(before);
	}

	@Test
	void aGoodSaveMakesANewVersionAndStartsAReconcile() throws Exception {
		int before = as(() -> provisioning.configVersion());
		MultiValueMap<String, String> form = form(ProvisioningConfig.defaults(provisioning.targetSchema()));
		form.set("enabled", "true");
		form.set("mappings[0].expression", "lower(user.firstName)");
		form.set("mappings[4].target", "");
		form.set("mappings[4].expression", "");
		form.set("scope.groups", " Staff ,, Sales ,");
		MvcResult result = mvc
			.perform(post(base + "/settings").params(form)
				.with(authentication(TestUsers.authentication(owner)))
				.with(csrf()))
			.andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(302);
		assertThat(flash(result))
			.isEqualTo("Saved as version " + (before + 1) + ". Ferry is reconciling everyone in scope now.");
		ProvisioningConfig saved = as(() -> provisioning.config());
		assertThat(as(() -> provisioning.configVersion())).isEqualTo(before + 1);
		assertThat(saved.enabled()).isTrue();
		assertThat(saved.scope().groups()).containsExactly("Staff", "Sales");
		assertThat(saved.mappings()).hasSize(4);
		assertThat(saved.mappings().get(0).expression()).isEqualTo("lower(user.firstName)");
		assertThat(queue.enqueued(acme.id())).extracting(FakeWork.Enqueued::kind).contains(ReconcileRequest.KIND);
	}

	@Test
	void aBadGroupPatternIsRefusedBesideItsFieldAndAGoodOneQueuesOnlyAGroupPush() throws Exception {
		ProvisioningConfig on = new ProvisioningConfig(true,
				new ProvisioningConfig.Features(true, true, true, true, false, false),
				ProvisioningConfig.defaults(provisioning.targetSchema()).passwordPolicy(),
				ProvisioningConfig.defaults(provisioning.targetSchema()).scope(),
				ProvisioningConfig.defaults(provisioning.targetSchema()).userTypes(),
				ProvisioningConfig.defaults(provisioning.targetSchema()).mappings(),
				new ProvisioningConfig.GroupPush(List.of("Designers"), ""),
				ProvisioningConfig.defaults(provisioning.targetSchema()).importSettings(),
				ProvisioningConfig.defaults(provisioning.targetSchema()).deprovisioning(),
				ProvisioningConfig.defaults(provisioning.targetSchema()).safety(), 60);
		assertThat(as(() -> provisioning.saveConfig(on, ADMIN))).isEmpty();
		int before = as(() -> provisioning.configVersion());
		int jobs = queue.enqueued(acme.id()).size();
		MultiValueMap<String, String> form = form(on);
		form.set("groupPush.patterns", "Sales-*, ^Sales.*");

		String page = page(owner, post(base + "/settings").params(form), 200);

		assertThat(page).contains("Nothing was saved", "id=\"groupPush-patterns\"", "is not pattern syntax",
				"Patterns are not regular expressions", "value=\"Sales-*, ^Sales.*\"");
		assertThat(as(() -> provisioning.configVersion())).isEqualTo(before);
		assertThat(as(() -> provisioning.config().groupPush().patterns())).isEmpty();
		assertThat(queue.enqueued(acme.id())).hasSize(jobs);

		form.set("groupPush.patterns", "Sales-*, *-Contractors");
		MvcResult result = mvc
			.perform(post(base + "/settings").params(form)
				.with(authentication(TestUsers.authentication(owner)))
				.with(csrf()))
			.andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(302);
		assertThat(flash(result)).isEqualTo("Saved as version " + (before + 1) + ". Ferry is pushing groups now.");
		assertThat(as(() -> provisioning.config().groupPush().patterns())).containsExactly("Sales-*", "*-Contractors");
		assertThat(queue.enqueued(acme.id()).subList(jobs, queue.enqueued(acme.id()).size()))
			.extracting(FakeWork.Enqueued::kind)
			.containsExactly(GroupPushRequest.KIND);
	}

	@Test
	void anAuditorReadsButCannotSaveOrStartRuns() throws Exception {
		assertThat(page(auditor, get(base + "/settings"))).contains("can read these settings but not change them",
				"disabled");
		assertThat(page(auditor, get(base))).doesNotContain("Reconcile now");
		int before = as(() -> provisioning.configVersion());
		MultiValueMap<String, String> form = form(ProvisioningConfig.defaults(provisioning.targetSchema()));
		form.set("enabled", "true");
		for (MockHttpServletRequestBuilder request : List.of(post(base + "/settings").params(form),
				post(base + "/dry-run"), post(base + "/reconcile"), post(base + "/import/start"),
				post(base + "/dead-letters/retry-all"), post(base + "/preview/sync").param("identityId", "00uada"))) {
			int status = mvc.perform(request.with(authentication(TestUsers.authentication(auditor))).with(csrf()))
				.andReturn()
				.getResponse()
				.getStatus();
			assertThat(status).isEqualTo(403);
		}
		assertThat(as(() -> provisioning.configVersion())).isEqualTo(before);
		assertThat(as(() -> provisioning.latestRuns(5))).isEmpty();
		assertThat(queue.enqueued(acme.id())).isEmpty();
	}

	@Test
	void theProgressFragmentPollsUntilTheRunIsFinished() throws Exception {
		RunId run = as(() -> provisioning.startRun(false, ADMIN));
		MvcResult going = mvc
			.perform(get(base + "/runs/" + run + "/progress").header("HX-Request", "true")
				.with(authentication(TestUsers.authentication(owner))))
			.andReturn();
		String fragment = going.getResponse().getContentAsString();
		assertThat(going.getResponse().getStatus()).isEqualTo(200);
		assertThat(fragment.strip()).startsWith("<div")
			.contains("id=\"run-progress\"", "hx-trigger=\"every 1s\"",
					"hx-get=\"/t/" + acme.slug() + "/provisioning/runs/" + run + "/progress\"");
		assertThat(fragment).doesNotContain("<html", "topbar", "Operations");
		assertThat(going.getResponse().getHeader("HX-Refresh")).isNull();

		TenantContext.run(acme.id(), () -> {
			runs.planned(run.value(), 3, 3, 0);
			runs.count(run.value(), 2, 0, 1);
			runs.status(run.value(), RunStatus.DONE, null);
		});
		MvcResult done = mvc
			.perform(get(base + "/runs/" + run + "/progress").header("HX-Request", "true")
				.with(authentication(TestUsers.authentication(owner))))
			.andReturn();
		assertThat(done.getResponse().getContentAsString()).contains("id=\"run-progress\"", "value=\"100\"")
			.doesNotContain("hx-trigger", "hx-get");
		assertThat(done.getResponse().getHeader("HX-Refresh")).isEqualTo("true");
	}

	@Test
	void aHeldPlanSaysWhatItWouldDoAndCanBeRejected() throws Exception {
		RunId run = TenantContext.call(acme.id(), () -> {
			UUID id = runs.start(RunKind.RECONCILE, "scheduled", RunStatus.PLANNING, "all");
			for (int i = 0; i < 3; i++) {
				runs.record(id, new Operation.DisableAccount("00u" + i, "sf" + i, "p" + i + "@acme.example"),
						OperationStatus.HELD, null);
			}
			runs.planned(id, 3, 3, 3);
			runs.status(id, RunStatus.HELD, "3 account(s) would be disabled or deleted.");
			return new RunId(id);
		});
		String page = page(owner, get(base + "/runs/" + run).param("status", "HELD"));
		assertThat(page).contains("approving it disables 3 and deletes 0 ShareFile account(s)", "Approve and apply",
				"Reject", "p0@acme.example", "disabled", "false", "true");
		MvcResult result = mvc
			.perform(post(base + "/runs/" + run + "/reject").with(authentication(TestUsers.authentication(owner)))
				.with(csrf()))
			.andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(302);
		assertThat(as(() -> provisioning.run(run)).orElseThrow().status()).isEqualTo(RunStatus.DONE);
		assertThat(as(() -> provisioning.operations(run, OperationStatus.REJECTED, 10))).hasSize(3);
	}

	@Test
	void deadLettersAndImportCandidatesAreDecided() throws Exception {
		UUID job = UUID.randomUUID();
		dead.add(acme.id(), new DeadLetter(new JobId(job), "identity.sync", "00ubob", Map.of(), 5, Instant.now(),
				Instant.now(), "UNEXPECTED", "boom", 0, null, "Retry; if it keeps failing, tell support."));
		mvc.perform(post(base + "/dead-letters/" + job + "/retry").with(authentication(TestUsers.authentication(owner)))
			.with(csrf())).andReturn();
		assertThat(dead.retried()).contains(job);

		TenantContext.run(acme.id(), () -> jdbc.update("insert into import_candidate (tenant_id, account_id, email, "
				+ "action, identity_id, status, created_at) values (?, 'sf-9', 'new.one@acme.example', 'CREATE', null, "
				+ "'PENDING', now())", acme.id()));
		mvc.perform(post(base + "/import/decide").param("accountIds", "sf-9")
			.param("decision", "approve")
			.with(authentication(TestUsers.authentication(owner)))
			.with(csrf())).andReturn();
		assertThat(TenantContext.call(acme.id(), () -> jdbc
			.queryForObject("select status from import_candidate where account_id = 'sf-9'", String.class)))
			.isEqualTo("APPROVED");
		assertThat(queue.enqueued(acme.id())).extracting(FakeWork.Enqueued::kind).contains(ImportRequest.KIND);
	}

	@Test
	void thePreviewShowsScopeMappingsAndPlanAndProvisionNowQueuesTheSync() throws Exception {
		ProvisioningWorld world = new ProvisioningWorld(tenants, members, connections, provisioning);
		String ada = world.person("Ada", "Stone");
		world.assign(ada);
		String eli = world.person("Eli", "Moss");
		FerryUser worldOwner = TestUsers.user(world.tenant.oktaIssuer(), "00uwo", "owner@" + world.org + ".example",
				List.of(TestTenants.membership(world.tenant, Role.OWNER)));
		String preview = "/t/" + world.tenant.slug() + "/provisioning/preview";
		String login = "ada.stone@" + world.org + ".example";

		assertThat(page(worldOwner, get(preview).param("person", login))).contains("In scope",
				"Provisioning is off, so Ferry plans nothing");
		assertThat(world.configure(config -> config.withEnabled(true))).isEmpty();
		String page = page(worldOwner, get(preview).param("person", login));
		assertThat(page)
			.contains("In scope", ada, "What the mappings compute", "user.firstName", "Ada", "CREATE_ACCOUNT", "Stone",
					"Provision now")
			.doesNotContain("Provisioning is off");
		assertThat(page(worldOwner, get(preview).param("person", "eli.moss@" + world.org + ".example")))
			.contains("Not in scope", "not assigned to the ShareFile app");
		assertThat(page(worldOwner, get(preview).param("person", "nobody@" + world.org + ".example")))
			.contains("Okta knows nobody with the id or login");

		MvcResult result = mvc
			.perform(post(preview + "/sync").param("identityId", ada)
				.with(authentication(TestUsers.authentication(worldOwner)))
				.with(csrf()))
			.andReturn();
		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo(preview + "?person=" + ada);
		assertThat(queue.enqueued(world.tenant.id())).contains(new FakeWork.Enqueued(world.tenant.id(),
				IdentitySyncRequest.KIND, ada, Map.of("trigger", "manual", "checkAssignment", "true")));
		assertThat(eli).isNotBlank();
	}

	/** The settings form as the page posts it, for a configuration. */
	static MultiValueMap<String, String> form(ProvisioningConfig config) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		SettingsForm shown = SettingsForm.of(config);
		if (shown.enabled()) {
			form.add("enabled", "true");
		}
		shown.features().forEach((name, on) -> {
			if (on) {
				form.add("features." + name, "true");
			}
		});
		form.add("passwordPolicy.onCreate", shown.passwordOnCreate());
		if (shown.requireAssignment()) {
			form.add("scope.requireAssignment", "true");
		}
		form.add("scope.groups", shown.scopeGroups());
		form.add("scope.filter", shown.scopeFilter());
		form.add("userTypes.clientGroups", shown.clientGroups());
		form.add("userTypes.clientFilter", shown.clientFilter());
		for (int i = 0; i < shown.mappings().size(); i++) {
			SettingsForm.Row row = shown.mappings().get(i);
			form.add("mappings[" + i + "].target", row.target());
			form.add("mappings[" + i + "].expression", row.expression());
			form.add("mappings[" + i + "].direction", row.direction());
		}
		form.add("groupPush.groups", shown.pushGroups());
		form.add("groupPush.patterns", shown.pushPatterns());
		form.add("groupPush.namePrefix", shown.namePrefix());
		form.add("importSettings.matchOrder", shown.matchOrder());
		form.add("importSettings.createInSource", shown.createInSource());
		if (shown.requireConfirmation()) {
			form.add("importSettings.requireConfirmation", "true");
		}
		form.add("deprovisioning.action", shown.deprovisionAction());
		form.add("deprovisioning.reassignTo", shown.reassignTo());
		form.add("safety.maxPercent", shown.maxPercent());
		form.add("safety.maxCount", shown.maxCount());
		form.add("reconcileIntervalMinutes", shown.reconcileInterval());
		return form;
	}

	private String page(FerryUser user, MockHttpServletRequestBuilder request) throws Exception {
		return page(user, request, 200);
	}

	private String page(FerryUser user, MockHttpServletRequestBuilder request, int status) throws Exception {
		MvcResult result = mvc.perform(request.with(authentication(TestUsers.authentication(user))).with(csrf()))
			.andReturn();
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(status);
		return result.getResponse().getContentAsString();
	}

	/**
	 * The flash a redirect carries, as the layout shows it: resolved from the message
	 * bundle.
	 */
	private String flash(MvcResult result) {
		Flash flash = (Flash) result.getFlashMap().get(Flash.ATTRIBUTE);
		assertThat(flash).as("the redirect's flash").isNotNull();
		return messages.getMessage(flash, Locale.ENGLISH);
	}

	private <T> T as(java.util.concurrent.Callable<T> work) {
		return TenantContext.call(acme.id(), work);
	}

}
