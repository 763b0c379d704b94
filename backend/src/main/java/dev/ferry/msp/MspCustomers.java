package dev.ferry.msp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import dev.ferry.signin.FerryUser;
import dev.ferry.tenant.Role;

/**
 * The customers an MSP member may enter, with the console's numbers, in one database call
 * whatever their number: {@code ferry_msp_customers} (V28) checks the person's seats as
 * {@code ferry_seats_of} does on every request and reads each customer's numbers from
 * indexed aggregates (docs/portal-msp.md says what it guards).
 */
@Service
class MspCustomers {

	private final JdbcTemplate jdbc;

	MspCustomers(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	List<CustomerRow> of(UUID msp, FerryUser user) {
		return jdbc.query("""
				select tenant_id, slug, display_name, status, role, target_kind, target_ok, target_tested_at,
				       source_kind, source_ok, source_tested_at, provisioning_on, last_change, linked, queued,
				       failures_24h, held_24h, throttled
				from ferry_msp_customers(?, ?, ?)""", MspCustomers::row, msp, user.issuer(), user.getSubject());
	}

	private static CustomerRow row(ResultSet rows, int i) throws SQLException {
		return new CustomerRow(rows.getObject("tenant_id", UUID.class), rows.getString("slug"),
				rows.getString("display_name"), rows.getString("status"), Role.valueOf(rows.getString("role")),
				rows.getString("target_kind"), rows.getObject("target_ok", Boolean.class),
				instant(rows.getTimestamp("target_tested_at")), rows.getString("source_kind"),
				rows.getObject("source_ok", Boolean.class), instant(rows.getTimestamp("source_tested_at")),
				rows.getBoolean("provisioning_on"), instant(rows.getTimestamp("last_change")), rows.getLong("linked"),
				rows.getLong("queued"), rows.getLong("failures_24h"), rows.getLong("held_24h"),
				rows.getBoolean("throttled"));
	}

	private static Instant instant(Timestamp at) {
		return at == null ? null : at.toInstant();
	}

}
