package dev.ferry.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.system.FerryProperties;
import dev.ferry.system.Refusal;
import dev.ferry.system.TenantContext;

/**
 * Scheduled exports of each organisation's audit chain: its settings (off, daily or
 * weekly; CSV or NDJSON; how many to keep), the exports kept in PostgreSQL, and the
 * scheduler's tick that makes those due. Each export covers the chain from the event
 * after the previous export's last through the chain's end when it runs, so successive
 * exports link to one another (the first row of one names the last hash of the one
 * before) and together cover the whole chain.
 */
@Service
public class AuditExports {

	private static final Logger log = LoggerFactory.getLogger(AuditExports.class);

	/** What a tenant that never chose has. */
	public static final Schedule DEFAULT = new Schedule("OFF", "ndjson", 30);

	private final JdbcTemplate jdbc;

	private final AuditExport export;

	private final AuditQuery query;

	private final ApplicationEventPublisher events;

	private final FerryProperties properties;

	private final Clock clock;

	private final TransactionTemplate perTenant;

	AuditExports(JdbcTemplate jdbc, AuditExport export, AuditQuery query, ApplicationEventPublisher events,
			FerryProperties properties, Clock clock, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.export = export;
		this.query = query;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
		this.perTenant = new TransactionTemplate(transactions);
		this.perTenant.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * @param frequency OFF, DAILY or WEEKLY
	 * @param format csv or ndjson
	 * @param keep how many exports are kept (the oldest go first), 1 to 100
	 */
	public record Schedule(String frequency, String format, int keep) {

		public boolean off() {
			return "OFF".equals(frequency);
		}

		Duration every() {
			return "WEEKLY".equals(frequency) ? Duration.ofDays(7) : Duration.ofDays(1);
		}

	}

	/** One kept export, without its content. */
	public record Stored(long id, Instant createdAt, String format, String filename, Long firstSeq, Long lastSeq,
			long rowCount, long sizeBytes) {
	}

	@Transactional(readOnly = true)
	public Schedule schedule() {
		List<Schedule> found = jdbc.query("select frequency, format, keep from audit_export_schedule",
				(rows, i) -> new Schedule(rows.getString(1), rows.getString(2), rows.getInt(3)));
		return found.isEmpty() ? DEFAULT : found.get(0);
	}

	/** Changes the current organisation's settings, audited with before → after. */
	@Transactional
	public void setSchedule(Schedule wanted, AuditEntry.Actor actor) {
		String frequency = wanted.frequency() == null ? "" : wanted.frequency().toUpperCase(java.util.Locale.ROOT);
		if (!List.of("OFF", "DAILY", "WEEKLY").contains(frequency)) {
			throw new Refusal("audit.flash.scheduleFrequency");
		}
		if (AuditExport.Format.of(wanted.format()) == null) {
			throw new Refusal("audit.flash.exportFormat");
		}
		if (wanted.keep() < 1 || wanted.keep() > 100) {
			throw new Refusal("audit.flash.scheduleKeep");
		}
		Schedule schedule = new Schedule(frequency, AuditExport.Format.of(wanted.format()).extension(), wanted.keep());
		Schedule before = schedule();
		if (before.equals(schedule)) {
			return;
		}
		UUID tenant = TenantContext.require();
		jdbc.update(
				"""
						insert into audit_export_schedule (tenant_id, frequency, format, keep, updated_at) values (?, ?, ?, ?, ?)
						on conflict (tenant_id) do update set frequency = excluded.frequency, format = excluded.format,
						    keep = excluded.keep, updated_at = excluded.updated_at""",
				tenant, schedule.frequency(), schedule.format(), schedule.keep(), Timestamp.from(clock.instant()));
		events.publishEvent(new Happened(tenant, actor, "audit.export_schedule_changed", "audit", "schedule",
				AuditEntry.Outcome.SUCCESS, Diff.attributes(parts(before), parts(schedule))));
	}

	private static Map<String, Object> parts(Schedule schedule) {
		Map<String, Object> parts = new LinkedHashMap<>();
		parts.put("frequency", schedule.frequency());
		parts.put("format", schedule.format());
		parts.put("keep", schedule.keep());
		return parts;
	}

	/** The current organisation's kept exports, newest first. */
	@Transactional(readOnly = true)
	public List<Stored> list() {
		return jdbc.query(
				"select id, created_at, format, filename, first_seq, last_seq, row_count, size_bytes from audit_export "
						+ "where tenant_id = ? order by id desc",
				(rows, i) -> new Stored(rows.getLong(1), rows.getTimestamp(2).toInstant(), rows.getString(3),
						rows.getString(4), (Long) rows.getObject(5, Long.class), (Long) rows.getObject(6, Long.class),
						rows.getLong(7), rows.getLong(8)),
				TenantContext.require());
	}

	@Transactional(readOnly = true)
	public Optional<Stored> find(long id) {
		return list().stream().filter(stored -> stored.id() == id).findFirst();
	}

	/** Copies a kept export's zip to {@code out} as it was written. */
	@Transactional(readOnly = true)
	public void copy(long id, OutputStream out) {
		jdbc.query("select content from audit_export where tenant_id = ? and id = ?", rows -> {
			try (InputStream in = rows.getBinaryStream(1)) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}, TenantContext.require(), id);
	}

	/**
	 * Exports the current organisation's chain since its previous export now, keeps it,
	 * lets the oldest beyond {@code keep} go, and audits it.
	 * @return the export, or empty when nothing was appended since the previous one
	 */
	@Transactional
	public Optional<Stored> exportNow(String slug, Schedule schedule) {
		UUID tenant = TenantContext.require();
		List<Long> previous = jdbc.queryForList(
				"select last_seq from audit_export where tenant_id = ? and last_seq is not null order by id desc limit 1",
				Long.class, tenant);
		long first = previous.isEmpty() ? 1 : previous.get(0) + 1;
		long last = query.chainEnd();
		if (last < first) {
			return Optional.empty();
		}
		AuditExport.Format format = AuditExport.Format.of(schedule.format());
		Instant at = clock.instant();
		String filename = export.filename(slug, at);
		Path file = null;
		try {
			// written to a file first: the database takes it as a stream of known length,
			// so no export is ever whole in memory
			file = Files.createTempFile("ferry-audit-", ".zip");
			AuditExport.Manifest manifest;
			try (OutputStream out = Files.newOutputStream(file)) {
				manifest = export.write(AuditFilter.chain(first, last), format, slug, out);
			}
			long size = Files.size(file);
			Path content = file;
			Long id = jdbc.query(connection -> {
				PreparedStatement insert = connection.prepareStatement(
						"""
								insert into audit_export (tenant_id, created_at, format, filename, first_seq, last_seq, row_count,
								    size_bytes, content) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""");
				insert.setObject(1, tenant);
				insert.setTimestamp(2, Timestamp.from(at));
				insert.setString(3, format.extension());
				insert.setString(4, filename);
				insert.setObject(5, manifest.firstSeq());
				insert.setObject(6, manifest.lastSeq());
				insert.setLong(7, manifest.rowCount());
				insert.setLong(8, size);
				try {
					insert.setBinaryStream(9, Files.newInputStream(content), size);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				return insert;
			}, rows -> rows.next() ? rows.getLong(1) : null);
			jdbc.update(
					"delete from audit_export where tenant_id = ? and id not in "
							+ "(select id from audit_export where tenant_id = ? order by id desc limit ?)",
					tenant, tenant, schedule.keep());
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("format", format.extension());
			details.put("rows", manifest.rowCount());
			details.put("firstSeq", manifest.firstSeq());
			details.put("lastSeq", manifest.lastSeq());
			details.put("lastHash", manifest.lastHash());
			details.put("file", filename);
			events.publishEvent(new Happened(tenant, AuditEntry.Actor.system(), "audit.exported", "audit", filename,
					AuditEntry.Outcome.SUCCESS, details));
			return Optional.of(new Stored(id, at, format.extension(), filename, manifest.firstSeq(), manifest.lastSeq(),
					manifest.rowCount(), size));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			if (file != null) {
				try {
					Files.deleteIfExists(file);
				}
				catch (IOException ex) {
					log.warn("Could not delete the temporary export {}: {}", file, ex.toString());
				}
			}
		}
	}

	/**
	 * In the processes with the scheduler role: every organisation whose scheduled export
	 * is due gets one, each in a transaction of its own (one failing does not stop the
	 * others). Not under the scheduler's leader lock: an export of a long chain takes
	 * seconds, and the provisioning scheduler's ticks would skip meanwhile. Instead each
	 * organisation's schedule row is locked ({@code for update skip locked}) while its
	 * export is decided and written, so two schedulers never export the same organisation
	 * twice, and the one that comes second sees the first's export and finds nothing due.
	 */
	@Scheduled(fixedDelayString = "${ferry.audit.export-tick:5m}",
			initialDelayString = "${ferry.audit.export-delay:1m}")
	void exportDue() {
		if (!properties.runs(FerryProperties.Role.SCHEDULER)) {
			return;
		}
		// the tenant table is not tenant-owned; each tenant's settings are read as that
		// tenant
		List<Map<String, Object>> tenants = jdbc.queryForList("select id, slug from tenant order by id");
		for (Map<String, Object> row : tenants) {
			UUID tenant = (UUID) row.get("id");
			String slug = (String) row.get("slug");
			try {
				TenantContext.run(tenant, () -> perTenant.executeWithoutResult(inner -> exportIfDue(slug)));
			}
			catch (RuntimeException ex) {
				log.warn("Could not make the scheduled audit export of tenant {}: {}", tenant, ex.toString());
			}
		}
	}

	/** Exports the current organisation's chain if its schedule says it is time. */
	void exportIfDue(String slug) {
		UUID tenant = TenantContext.require();
		List<Schedule> locked = jdbc.query(
				"select frequency, format, keep from audit_export_schedule where tenant_id = ? and frequency <> 'OFF' "
						+ "for update skip locked",
				(rows, i) -> new Schedule(rows.getString(1), rows.getString(2), rows.getInt(3)), tenant);
		if (locked.isEmpty()) {
			return;
		}
		Schedule schedule = locked.get(0);
		List<Timestamp> last = jdbc.queryForList("select max(created_at) from audit_export where tenant_id = ?",
				Timestamp.class, tenant);
		Instant lastAt = last.isEmpty() || last.get(0) == null ? Instant.EPOCH : last.get(0).toInstant();
		if (!clock.instant().isBefore(lastAt.plus(schedule.every()))) {
			exportNow(slug, schedule);
		}
	}

}
