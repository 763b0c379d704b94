package dev.ferry.auditfeed;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ferry.audit.AuditEntry;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.NewTenant;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The audit API and the delivery page's status over an organisation with 1,000,000 audit
 * events (rows written by SQL: their hashes are not a chain, their shape and indexes are
 * the real ones). Only with {@code -Dbench.auditapi=true}: building the rows takes a
 * minute. Prints the median of 5 timed calls of each kind after 2 unmeasured ones, and
 * fails when a page of 100 events or the delivery status takes over 150 ms.
 */
@FerryIntegrationTest
class AuditApiScaleIT {

	private static final int ROWS = 1_000_000;

	@Autowired
	Tenants tenants;

	@Autowired
	ApiTokens tokens;

	@Autowired
	AuditStreams streams;

	@Autowired
	JdbcTemplate jdbc;

	@Value("${server.port}")
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void everyReadStaysFastWithAMillionEvents() throws Exception {
		assumeTrue(Boolean.getBoolean("bench.auditapi"), "run with -Dbench.auditapi=true");
		Tenant big = tenants.create(new NewTenant(TestTenants.uniqueSlug("big"), "Big", TenantKind.CUSTOMER, null,
				"https://big.okta.com", "ferry-portal", "secret", List.of()));
		long started = System.nanoTime();
		TenantContext.run(big.id(),
				() -> jdbc.update(
						"""
								insert into audit_event (tenant_id, chain_seq, occurred_at, actor_type, actor_id, actor_name, action,
								    target_type, target_id, outcome, details, hash, hash_version)
								select ?, g, now() - (? - g) * interval '1 second', 'MEMBER', '00u' || g, 'Person ' || g,
								       case when g % 1000 = 0 then 'member.removed' else 'member.role.changed' end,
								       'member', 't' || g, 'SUCCESS', jsonb_build_object('n', g, 'role', jsonb_build_object('before', 'A', 'after', 'B')),
								       sha256(g::text::bytea), 2
								  from generate_series(1, ?) g
								""",
						big.id(), ROWS, ROWS));
		// as autovacuum would soon after such an insert (only the owner may analyze)
		try (var owner = dev.ferry.test.TestServices.get().ownerConnection(); var statement = owner.createStatement()) {
			statement.execute("analyze audit_event");
		}
		System.out.printf("wrote %,d rows in %d s%n", ROWS, (System.nanoTime() - started) / 1_000_000_000);
		AuditEntry.Actor admin = AuditEntry.Actor.member("00uadmin", "Admin");
		String token = TenantContext.call(big.id(),
				() -> tokens.create("bench", ApiTokens.Scope.TENANT, TenantKind.CUSTOMER, admin));
		// an address of a public SIEM, as create would store it (this machine resolves no
		// public name)
		TenantContext.run(big.id(), () -> jdbc.update("insert into audit_stream (tenant_id, id, name, kind, address, "
				+ "created_at, next_attempt_at, paused) values (?, ?, 'SIEM', 'WEBHOOK', 'https://siem.example.com/x', "
				+ "now(), now(), true)", big.id(), UUID.randomUUID()));
		String since = Instant.now().minusSeconds(600).toString();
		List<String> report = new ArrayList<>();
		for (String query : List.of("after=0&limit=100", "after=500000&limit=100", "after=999000&limit=100",
				"after=0&limit=1000", "after=500000&limit=1000", "after=0&limit=100&action=member.removed",
				"after=0&limit=100&since=" + since, "after=" + (ROWS + 5) + "&limit=1000")) {
			long median = median(() -> {
				HttpResponse<String> answer = http.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/audit/v1/events?" + query))
							.header("Authorization", "Bearer " + token)
							.build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(answer.statusCode()).isEqualTo(200);
			});
			report.add(String.format("GET /events?%s: %d ms", query, median));
		}
		long page = median(() -> TenantContext.run(big.id(), () -> assertThat(streams.list()).hasSize(1)));
		report.add("delivery page status (streams.list, 1 destination " + ROWS + " events behind): " + page + " ms");
		report.forEach(System.out::println);
		TenantContext.run(big.id(), () -> {
			for (String sql : List.of(
					"explain analyze select " + FeedEvent.COLUMNS + " from audit_event where tenant_id = '" + big.id()
							+ "' and chain_seq > 0 order by chain_seq limit 1000",
					"explain analyze select coalesce(max(chain_seq), 0) from audit_event where tenant_id = '" + big.id()
							+ "'")) {
				jdbc.queryForList(sql, String.class).forEach(System.out::println);
			}
		});
		// a page of 100 is what the 150 ms target is about; 1,000 events (half a megabyte
		// of
		// JSON) are reported, not held to it
		assertThat(report.stream().filter(line -> !line.contains("limit=1000"))).allSatisfy(
				line -> assertThat(Long.parseLong(line.replaceAll(".*: (\\d+) ms", "$1"))).as(line).isLessThan(150));
	}

	private static long median(Call call) throws Exception {
		for (int i = 0; i < 2; i++) {
			call.run();
		}
		List<Long> times = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			long start = System.nanoTime();
			call.run();
			times.add((System.nanoTime() - start) / 1_000_000);
		}
		Collections.sort(times);
		return times.get(2);
	}

	interface Call {

		void run() throws Exception;

	}

}
