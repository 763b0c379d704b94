package dev.ferry.connection.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.ferry.connection.LastTest;

/**
 * The {@code target_connection} and {@code source_connection} tables: one row per
 * organisation and side, whatever the connector's kind; settings, sealed secrets and
 * setup state as JSON objects by name. Rows are read by the current tenant's id, and
 * row-level security filters them in the database.
 */
@Repository
public class ConnectionStore {

	private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	ConnectionStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	public Optional<Row> find(Side side, UUID tenant) {
		return find(side, tenant, "");
	}

	private Optional<Row> find(Side side, UUID tenant, String lock) {
		return jdbc
			.sql("select kind, settings::text, secrets::text, state::text, last_test_at, last_test_ok, "
					+ "last_test_summary from " + side.table + " where tenant_id = ?" + lock)
			.param(tenant)
			.query((rs, i) -> {
				Timestamp at = rs.getTimestamp(5);
				LastTest lastTest = at == null ? null
						: new LastTest(at.toInstant(), rs.getObject(6, Boolean.class), rs.getString(7));
				return new Row(rs.getString(1), json.readValue(rs.getString(2), MAP),
						json.readValue(rs.getString(3), MAP), json.readValue(rs.getString(4), MAP), lastTest);
			})
			.optional();
	}

	/**
	 * Inserts or replaces the row; the last test is cleared (new settings are untested).
	 */
	public void save(Side side, UUID tenant, Row row, Instant at) {
		jdbc.sql("insert into " + side.table + " (tenant_id, kind, settings, secrets, state, updated_at) "
				+ "values (?, ?, cast(? as jsonb), cast(? as jsonb), cast(? as jsonb), ?) "
				+ "on conflict (tenant_id) do update set kind = excluded.kind, settings = excluded.settings, "
				+ "secrets = excluded.secrets, state = excluded.state, updated_at = excluded.updated_at, "
				+ "last_test_at = null, last_test_ok = null, last_test_summary = null, version = " + side.table
				+ ".version + 1")
			.params(tenant, row.kind(), json.writeValueAsString(row.settings()),
					json.writeValueAsString(row.sealedSecrets()), json.writeValueAsString(row.state()),
					Timestamp.from(at))
			.update();
	}

	/**
	 * Changes a stored row's settings, secrets or state (not its kind), keeping its last
	 * test, under a row lock so concurrent steps (a key generated while a hook registers)
	 * do not undo each other. Committed at once when called outside a transaction: a
	 * source may call back (a hook's verification) before the step that stored it ends.
	 * @return the row as changed
	 */
	@Transactional(propagation = Propagation.REQUIRED)
	public Optional<Row> change(Side side, UUID tenant, UnaryOperator<Row> change, Instant at) {
		return find(side, tenant, " for update").map(row -> {
			Row changed = change.apply(row);
			jdbc.sql("update " + side.table + " set settings = cast(? as jsonb), secrets = cast(? as jsonb), "
					+ "state = cast(? as jsonb), updated_at = ?, version = version + 1 where tenant_id = ?")
				.params(json.writeValueAsString(changed.settings()), json.writeValueAsString(changed.sealedSecrets()),
						json.writeValueAsString(changed.state()), Timestamp.from(at), tenant)
				.update();
			return changed;
		});
	}

	public void tested(Side side, UUID tenant, LastTest test) {
		jdbc.sql("update " + side.table + " set last_test_at = ?, last_test_ok = ?, last_test_summary = ?, "
				+ "version = version + 1 where tenant_id = ?")
			.params(Timestamp.from(test.at()), test.ok(), test.summary(), tenant)
			.update();
	}

	/** Replaces the sealed secrets only (key rotation). */
	public void resealed(Side side, UUID tenant, Map<String, String> sealedSecrets) {
		jdbc.sql("update " + side.table + " set secrets = cast(? as jsonb), version = version + 1 where tenant_id = ?")
			.params(json.writeValueAsString(sealedSecrets), tenant)
			.update();
	}

	/** Where an organisation's connection of each side is kept. */
	public enum Side {

		TARGET("target_connection"), SOURCE("source_connection");

		private final String table;

		Side(String table) {
			this.table = table;
		}

	}

	/**
	 * @param settings non-secret values by field name
	 * @param sealedSecrets SecretBox ciphertext by field name
	 * @param state what Ferry learned while setting the connection up, by name (plain
	 * text, safe to show)
	 */
	public record Row(String kind, Map<String, String> settings, Map<String, String> sealedSecrets,
			Map<String, String> state, LastTest lastTest) {

		public Row {
			settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
			sealedSecrets = Collections.unmodifiableMap(new LinkedHashMap<>(sealedSecrets));
			state = Collections.unmodifiableMap(new LinkedHashMap<>(state));
		}

		public Row with(Map<String, String> settings, Map<String, String> sealedSecrets, Map<String, String> state) {
			return new Row(kind, settings, sealedSecrets, state, lastTest);
		}

	}

}
