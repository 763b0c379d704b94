package dev.ferry.provisioning;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.AuditLog;
import dev.ferry.audit.AuditQuery;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.TestUsers;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Memberships;
import dev.ferry.tenant.NewTenant;
import dev.ferry.tenant.OktaIdentity;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.TestServices;

/**
 * The portal's page times behind docs/benchmarks.md ("portal"): one organisation with
 * {@code bench.portal.people} linked people (reconciled from a sandbox Okta org and
 * ShareFile account that already hold them all) and {@code bench.portal.audit} audit
 * events (the reconcile's own, topped up through {@link AuditLog#recordAll}, so the chain
 * is real), and an MSP managing {@code bench.portal.customers} customers. Every GET page
 * of {@code /t/{slug}/...} Ferry maps (found from its handler mappings, so a new page is
 * measured without touching this class) is requested with a signed-in session: a few
 * unmeasured requests, then {@code bench.portal.requests} measured ones, one at a time.
 * The time is the client's, from sending the request to the last byte over loopback: the
 * server's time plus well under a millisecond. Then the audit export of the whole log is
 * streamed and timed, in a JVM whose heap is capped by {@code infra/bench/run}.
 */
final class PortalBenchmark {

	private final ConfigurableApplicationContext ferry;

	private final ProvisioningBenchmark.Report report;

	private final Function<Integer, ProvisioningWorld> worlds;

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private final String portal;

	PortalBenchmark(ConfigurableApplicationContext ferry, ProvisioningBenchmark.Report report,
			Function<Integer, ProvisioningWorld> worlds) {
		this.ferry = ferry;
		this.report = report;
		this.worlds = worlds;
		this.portal = "http://127.0.0.1:" + ferry.getEnvironment().getProperty("local.server.port");
	}

	void run(int people, int auditRows, int customers, int requests) throws Exception {
		Provisioning provisioning = ferry.getBean(Provisioning.class);
		ProvisioningWorld world = worlds.apply(people + 1_000);
		Instant seeding = Instant.now();
		linkEveryone(world, provisioning, people);
		long audited = topUpAudit(world.tenant, auditRows);
		System.out.printf(Locale.ROOT, "seeded %d linked people and %d audit events in %d s%n", people, audited,
				Duration.between(seeding, Instant.now()).toSeconds());
		analyze();

		String owner = session(world.tenant.oktaIssuer(), "00ubenchowner", "owner@" + world.org + ".example",
				List.of(TestTenants.membership(world.tenant, Role.OWNER)));
		RunSummary reconcile = world.as(() -> provisioning.latestRuns(1)).get(0);
		String someone = world
			.as(() -> jdbc().queryForObject("select identity_id from link order by identity_id offset ? limit 1",
					String.class, people / 2));
		Map<String, List<Long>> tenantPages = measure(world.tenant.slug(), owner, requests,
				List.of("/provisioning/runs/" + reconcile.id() + " (" + reconcile.total() + " operations)",
						"/people/" + someone, "/people?q=pb4242", "/audit?outcome=FAILURE",
						"/audit?action=provisioning.user_update_failed", "/audit?q=Finance",
						// free text in one event (one update's old last name) and in none
						"/audit?q=Old123456", "/audit?q=no+such+words", "/audit?target=pb77777",
						"/audit?actor=Bench+Owner", "/audit?from=2026-01-01T00:00&to=2026-01-02T00:00"));
		for (var page : tenantPages.entrySet()) {
			report.row("portal GET " + page.getKey() + " (" + people + " linked people, " + audited + " audit events, "
					+ requests + " requests)", summary(page.getValue()), "p95 < 150 ms");
		}

		int customerPeople = Integer.getInteger("bench.portal.customerPeople", 500);
		Tenant msp = mspWithCustomers(customers, customerPeople);
		analyze();
		String mspAdmin = session(msp.oktaIssuer(), "00ubenchmsp", "tech@" + msp.slug() + ".example",
				ferry.getBean(Memberships.class).current(msp.oktaIssuer(), "00ubenchmsp"));
		Map<String, List<Long>> mspPages = measure(msp.slug(), mspAdmin, requests, List.of());
		// the MSP's own organisation serves the same pages as any other (measured above
		// with far more data); what grows with its customers is its home and console
		mspPages.keySet().removeIf(path -> !path.equals("/") && !path.contains("customer"));
		for (var page : mspPages.entrySet()) {
			report.row(
					"portal GET " + page.getKey() + " as the MSP (" + customers + " customers of " + customerPeople
							+ " linked people and 1,000 runs each, " + requests + " requests)",
					summary(page.getValue()), "p95 < 300 ms");
		}

		exportWholeLog(world.tenant, owner, audited);
	}

	/**
	 * As in the reconcile scenario: Okta and the ShareFile account already hold everyone;
	 * the first reconcile links them without a write.
	 */
	private void linkEveryone(ProvisioningWorld world, Provisioning provisioning, int people) {
		world.sandbox.control("POST", "/sandbox/api/okta/" + world.org + "/users/bulk",
				"{\"count\":" + people + ",\"prefix\":\"pb\"}");
		world.sandbox.control("PUT", "/sandbox/api/okta/" + world.org + "/apps/ShareFile/groups/Everyone", null);
		world.sandbox.control("PUT", "/sandbox/api/okta/" + world.org + "/rate-limits", "{\"apps\":2000}");
		world.sandbox.control("POST", "/sandbox/api/sharefile/" + world.org + "/users/generate",
				"{\"fromOkta\":\"" + world.org + "\"}");
		world.configure(config -> config.withEnabled(true));
		ProvisioningBenchmark.waitFor(Duration.ofMinutes(30),
				() -> world.as(() -> provisioning.linkedAccounts()) >= people);
	}

	/**
	 * Brings the organisation's log to {@code rows} events with what a busy year leaves:
	 * profile updates with before → after, sign-ins, a few failures. Each batch goes
	 * through {@link AuditLog#recordAll}, the reconcile writer's own path.
	 */
	private long topUpAudit(Tenant tenant, int rows) {
		JdbcTemplate jdbc = ferry.getBean(JdbcTemplate.class);
		AuditLog log = ferry.getBean(AuditLog.class);
		TransactionTemplate tx = new TransactionTemplate(
				ferry.getBean(org.springframework.transaction.PlatformTransactionManager.class));
		long have = TenantContext.call(tenant.id(),
				() -> jdbc.queryForObject("select count(*) from audit_event", Long.class));
		int batch = 5_000;
		for (long n = have; n < rows; n += batch) {
			long from = n;
			List<AuditEntry> entries = new ArrayList<>(batch);
			for (long i = from; i < Math.min(rows, from + batch); i++) {
				entries.add(syntheticEntry(tenant, i));
			}
			TenantContext.run(tenant.id(), () -> tx.executeWithoutResult(status -> log.recordAll(entries)));
			if ((n / batch) % 20 == 0) {
				System.out.printf(Locale.ROOT, "audit: %d of %d%n", n, rows);
			}
		}
		// what the daily check leaves: a checkpoint at the chain's end, so a page view
		// hashes only what came after it
		TenantContext.run(tenant.id(), () -> ferry.getBean(AuditQuery.class).verifyAll());
		return TenantContext.call(tenant.id(),
				() -> jdbc.queryForObject("select count(*) from audit_event", Long.class));
	}

	private static AuditEntry syntheticEntry(Tenant tenant, long i) {
		String person = "pb" + (i % 100_000);
		return switch ((int) (i % 10)) {
			case 0 -> new AuditEntry(tenant.id(), AuditEntry.Actor.member("00ubenchowner", "Bench Owner"),
					"signin.success", "member", "owner", AuditEntry.Outcome.SUCCESS, Map.of());
			case 1 -> new AuditEntry(tenant.id(), AuditEntry.Actor.system(), "provisioning.user_update_failed",
					"identity", person, AuditEntry.Outcome.FAILURE, Map.of("error", "ShareFile answered 503"));
			default -> new AuditEntry(tenant.id(), AuditEntry.Actor.system(), "provisioning.user_updated", "identity",
					person, AuditEntry.Outcome.SUCCESS,
					Map.of("changes", Map.of("lastName", Map.of("before", "Old" + i, "after", "New" + i), "department",
							Map.of("before", "Sales", "after", "Finance"))));
		};
	}

	/**
	 * An MSP whose technician holds an ADMIN seat in each customer through it, admitted
	 * as their first sign-in would admit them.
	 */
	private Tenant mspWithCustomers(int customers, int customerPeople) {
		Tenants tenants = ferry.getBean(Tenants.class);
		Members members = ferry.getBean(Members.class);
		Tenant msp = tenants.create(new NewTenant(TestTenants.uniqueSlug("bench-msp"), "Bench MSP", TenantKind.MSP,
				null, "https://bench-msp.okta.example", "ferry-portal", "secret", List.of()));
		String tech = "tech@" + msp.slug() + ".example";
		TenantContext.run(msp.id(),
				() -> members.invite(tech, Role.OWNER, null, AuditEntry.Actor.system(), Role.OWNER));
		for (int i = 0; i < customers; i++) {
			Tenant customer = tenants.create(new NewTenant(TestTenants.uniqueSlug("bench-cust"),
					String.format(Locale.ROOT, "Customer %03d", i), TenantKind.CUSTOMER, msp.slug(),
					"https://bench-cust-" + i + ".okta.example", "ferry-portal", "secret", List.of()));
			TenantContext.run(customer.id(),
					() -> members.invite(tech, Role.ADMIN, msp.id(), AuditEntry.Actor.system(), Role.OWNER));
			// what the console counts: linked people, a week of runs, a few failures
			owner("""
					insert into link (tenant_id, identity_id, account_id, employee, state, linked_at, updated_at)
					select ?, 'id-' || n, 'acc-' || n, true, 'ACTIVE', now(), now()
					from generate_series(1, ?) n""", customer.id(), customerPeople);
			owner("""
					insert into run (id, tenant_id, kind, trigger, status, applied, failed, held, started_at, finished_at)
					select gen_random_uuid(), ?, 'PERSON', 'hook', case when n % 50 = 0 then 'INCOMPLETE' else 'DONE' end,
					       1, case when n % 50 = 0 then 1 else 0 end, 0,
					       now() - n * interval '10 minutes', now() - n * interval '10 minutes' + interval '1 second'
					from generate_series(1, 1000) n""",
					customer.id());
		}
		ferry.getBean(Memberships.class)
			.admit(msp, new OktaIdentity(msp.oktaIssuer(), "00ubenchmsp", tech, "Bench Tech", List.of()));
		return msp;
	}

	private JdbcTemplate jdbc() {
		return ferry.getBean(JdbcTemplate.class);
	}

	/** As the tables' owner: seeding rows for many organisations at once. */
	private static void owner(String sql, Object... args) {
		try (var connection = TestServices.get().ownerConnection(); var statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			statement.executeUpdate();
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What autovacuum does soon after a bulk load: fresh statistics. Without them the
	 * planner, seeing a million rows it has no numbers for, sorts instead of using an
	 * index (the first view of the audit log took 1.3 s until it had them).
	 */
	private static void analyze() {
		owner("analyze");
	}

	/**
	 * A signed-in session as the sign-in would leave it in Spring Session's store; the
	 * OIDC round trip itself is not what is measured (and is proven by the ITs).
	 */
	private String session(String issuer, String subject, String login, List<dev.ferry.tenant.Membership> memberships) {
		FerryUser user = TestUsers.user(issuer, subject, login, memberships);
		@SuppressWarnings("unchecked")
		SessionRepository<Session> sessions = ferry.getBean(SessionRepository.class);
		Session session = sessions.createSession();
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				new SecurityContextImpl(TestUsers.authentication(user)));
		session.setAttribute("ferry.signedInAt", System.currentTimeMillis());
		sessions.save(session);
		return "FERRY_SESSION=" + Base64.getEncoder().encodeToString(session.getId().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Every GET page under {@code /t/{slug}} without other path variables, except
	 * downloads: a few warm-up requests, then {@code requests} timed ones each.
	 */
	private Map<String, List<Long>> measure(String slug, String cookie, int requests, List<String> extra)
			throws Exception {
		TreeSet<String> paths = new TreeSet<>();
		ferry.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
			.getHandlerMethods()
			.keySet()
			.forEach(info -> {
				var methods = info.getMethodsCondition().getMethods();
				if (!methods.isEmpty() && !methods.contains(RequestMethod.GET)) {
					return;
				}
				for (String pattern : info.getPatternValues()) {
					String rest = pattern.startsWith("/t/{slug}") ? pattern.substring("/t/{slug}".length()) : null;
					if (rest != null && !rest.contains("{") && !rest.contains("export") && !rest.contains("download")
							&& !rest.endsWith(".json")) {
						paths.add(rest.isEmpty() ? "/" : rest);
					}
				}
			});
		List<String> all = new ArrayList<>(paths);
		all.addAll(extra);
		Map<String, List<Long>> times = new LinkedHashMap<>();
		for (String path : all) {
			// an extra path may carry a note for the report after a space
			String url = portal + "/t/" + slug + path.split(" ", 2)[0];
			int status = 0;
			for (int i = 0; i < 5; i++) {
				status = get(url, cookie).statusCode();
			}
			if (status != 200) {
				System.out.println("skipped " + path + ": answered " + status);
				continue;
			}
			List<Long> millis = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				long start = System.nanoTime();
				HttpResponse<byte[]> answer = get(url, cookie);
				millis.add((System.nanoTime() - start) / 1_000_000);
				if (answer.statusCode() != 200) {
					throw new IllegalStateException(path + " answered " + answer.statusCode());
				}
			}
			Collections.sort(millis);
			times.put(path, millis);
		}
		return times;
	}

	private HttpResponse<byte[]> get(String url, String cookie) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

	/**
	 * The whole log as NDJSON through the portal's export, read as it streams: rows,
	 * bytes, time, and the heap peak of Ferry's JVM (capped by {@code -Xmx}).
	 */
	private void exportWholeLog(Tenant tenant, String cookie, long audited) throws Exception {
		System.gc();
		ProvisioningBenchmark.resetPeaks();
		long start = System.nanoTime();
		HttpResponse<InputStream> answer = http
			.send(HttpRequest.newBuilder(URI.create(portal + "/t/" + tenant.slug() + "/audit/export?format=ndjson"))
				.header("Cookie", cookie)
				.GET()
				.build(), HttpResponse.BodyHandlers.ofInputStream());
		long bytes = 0;
		long lines = 0;
		// the export is a zip (events, manifest, README): the events file is read as it
		// arrives, never held whole
		try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(answer.body())) {
			byte[] buffer = new byte[64 * 1024];
			for (java.util.zip.ZipEntry entry; (entry = zip.getNextEntry()) != null;) {
				boolean events = entry.getName().startsWith("events.");
				for (int read; (read = zip.read(buffer)) > 0;) {
					bytes += read;
					for (int i = 0; events && i < read; i++) {
						if (buffer[i] == '\n') {
							lines++;
						}
					}
				}
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		if (answer.statusCode() != 200) {
			throw new IllegalStateException("The export answered " + answer.statusCode());
		}
		report.row("audit export, whole log as a zip of NDJSON with its manifest (" + audited + " events)",
				String.format(Locale.ROOT, "%.1f s, %d event lines, %d MB unzipped, heap peak %d MB (JVM -Xmx %d MB)",
						seconds, lines, bytes / (1024 * 1024), ProvisioningBenchmark.peakHeapMb(),
						Runtime.getRuntime().maxMemory() / (1024 * 1024)),
				"< 30 s, constant memory");
	}

	private static String summary(List<Long> sorted) {
		return "p50 " + ProvisioningBenchmark.pct(sorted, 50) + " ms, p95 " + ProvisioningBenchmark.pct(sorted, 95)
				+ " ms, max " + sorted.get(sorted.size() - 1) + " ms";
	}

}
