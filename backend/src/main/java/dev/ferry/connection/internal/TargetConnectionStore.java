package dev.ferry.connection.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.ferry.connection.LastTest;

/**
 * The {@code target_connection} table: one row per organisation, settings and sealed
 * secrets as JSON objects by field name. Rows are read by the current tenant's id, and
 * row-level security filters them in the database.
 */
@Repository
public class TargetConnectionStore {

	private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	TargetConnectionStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	public Optional<Row> find(UUID tenant) {
		return jdbc
			.sql("select kind, settings::text, secrets::text, last_test_at, last_test_ok, last_test_summary "
					+ "from target_connection where tenant_id = ?")
			.param(tenant)
			.query((rs, i) -> {
				Timestamp at = rs.getTimestamp(4);
				LastTest lastTest = at == null ? null
						: new LastTest(at.toInstant(), rs.getObject(5, Boolean.class), rs.getString(6));
				return new Row(rs.getString(1), json.readValue(rs.getString(2), MAP),
						json.readValue(rs.getString(3), MAP), lastTest);
			})
			.optional();
	}

	/**
	 * Inserts or replaces the row; the last test is cleared (new settings are untested).
	 */
	public void save(UUID tenant, String kind, Map<String, String> settings, Map<String, String> sealedSecrets,
			Instant at) {
		jdbc.sql("""
				insert into target_connection (tenant_id, kind, settings, secrets, updated_at)
				values (?, ?, cast(? as jsonb), cast(? as jsonb), ?)
				on conflict (tenant_id) do update set kind = excluded.kind, settings = excluded.settings,
				    secrets = excluded.secrets, updated_at = excluded.updated_at, last_test_at = null,
				    last_test_ok = null, last_test_summary = null, version = target_connection.version + 1
				""")
			.params(tenant, kind, json.writeValueAsString(settings), json.writeValueAsString(sealedSecrets),
					Timestamp.from(at))
			.update();
	}

	public void tested(UUID tenant, LastTest test) {
		jdbc.sql("update target_connection set last_test_at = ?, last_test_ok = ?, last_test_summary = ?, "
				+ "version = version + 1 where tenant_id = ?")
			.params(Timestamp.from(test.at()), test.ok(), test.summary(), tenant)
			.update();
	}

	/** Replaces the sealed secrets only (key rotation). */
	public void resealed(UUID tenant, Map<String, String> sealedSecrets) {
		jdbc.sql("update target_connection set secrets = cast(? as jsonb), version = version + 1 where tenant_id = ?")
			.params(json.writeValueAsString(sealedSecrets), tenant)
			.update();
	}

	/**
	 * @param settings non-secret values by field name
	 * @param sealedSecrets SecretBox ciphertext by field name
	 */
	public record Row(String kind, Map<String, String> settings, Map<String, String> sealedSecrets, LastTest lastTest) {

	}

}
