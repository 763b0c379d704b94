package dev.ferry.audit;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ferry.system.TenantContext;

/**
 * How long an export of a large chain takes and how much heap it holds, against a
 * database seeded by hand ({@code src/test/resources/audit/bench-seed.sql},
 * docs/portal-audit.md): not part of the build, run with
 * {@code -Dtest=AuditExportBenchmark -Dferry.bench.audit-db=jdbc:postgresql://...
 * -Dferry.bench.audit-tenant=<uuid>}.
 */
@EnabledIfSystemProperty(named = "ferry.bench.audit-db", matches = ".+")
class AuditExportBenchmark {

	@Test
	void exportTheWholeChain() throws Exception {
		String url = System.getProperty("ferry.bench.audit-db");
		UUID tenant = UUID.fromString(System.getProperty("ferry.bench.audit-tenant"));
		try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
			// one transaction, as the application's @Transactional gives it: the fetch
			// size then streams
			connection.setAutoCommit(false);
			JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
			AuditQuery query = new AuditQuery(jdbc);
			AuditExport export = new AuditExport(query, JsonMapper.shared(), Clock.systemUTC());
			for (AuditExport.Format format : AuditExport.Format.values()) {
				System.gc();
				Runtime runtime = Runtime.getRuntime();
				long before = runtime.totalMemory() - runtime.freeMemory();
				AtomicLong peak = new AtomicLong();
				AtomicLong bytes = new AtomicLong();
				OutputStream nowhere = new OutputStream() {
					@Override
					public void write(int b) {
						bytes.incrementAndGet();
					}

					@Override
					public void write(byte[] b, int off, int len) {
						if (bytes.addAndGet(len) % (1 << 24) < len) {
							peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
						}
					}
				};
				long start = System.nanoTime();
				AuditExport.Manifest manifest = TenantContext.call(tenant,
						() -> export.write(AuditFilter.NONE, format, "bench", nowhere));
				long millis = (System.nanoTime() - start) / 1_000_000;
				System.out.printf("BENCH %s: %d rows, %d MB zipped, %d ms, heap before %d MB, peak sampled %d MB%n",
						format, manifest.rowCount(), bytes.get() >> 20, millis, before >> 20, peak.get() >> 20);
			}
		}
	}

}
