package dev.ferry.provisioning.internal.config;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.system.TenantContext;

/**
 * The current tenant's provisioning configuration: one JSON document, versioned on every
 * change.
 */
@Component
public class ConfigStore {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final TenantConnectors connectors;

	ConfigStore(JdbcTemplate jdbc, JsonMapper json, Clock clock, TenantConnectors connectors) {
		this.connectors = connectors;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	public ProvisioningConfig current() {
		List<String> rows = jdbc.queryForList("select config::text from provisioning_config", String.class);
		return rows.isEmpty() ? ProvisioningConfig.defaults(connectors.targetSchema())
				: json.readValue(rows.get(0), ProvisioningConfig.class);
	}

	public int version() {
		List<Integer> rows = jdbc.queryForList("select version from provisioning_config", Integer.class);
		return rows.isEmpty() ? 0 : rows.get(0);
	}

	/**
	 * Stores a new version (and keeps the old in the history); returns the new version
	 * number.
	 */
	public int save(ProvisioningConfig config, String by) {
		int version = version() + 1;
		String document = json.writeValueAsString(config);
		Timestamp now = Timestamp.from(clock.instant());
		jdbc.update("insert into provisioning_config (tenant_id, version, config, updated_at, updated_by) values "
				+ "(?, ?, cast(? as jsonb), ?, ?) on conflict (tenant_id) do update set version = excluded.version, "
				+ "config = excluded.config, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
				TenantContext.require(), version, document, now, by);
		jdbc.update("insert into provisioning_config_history (tenant_id, version, config, changed_at, changed_by) "
				+ "values (?, ?, cast(? as jsonb), ?, ?)", TenantContext.require(), version, document, now, by);
		return version;
	}

	public List<Map<String, Object>> history(int limit) {
		return jdbc.queryForList("select version, changed_at, changed_by from provisioning_config_history "
				+ "order by version desc limit ?", limit);
	}

}
