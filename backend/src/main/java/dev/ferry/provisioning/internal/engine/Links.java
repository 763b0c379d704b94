package dev.ferry.provisioning.internal.engine;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import dev.ferry.provisioning.Link;
import dev.ferry.provisioning.LinkState;
import dev.ferry.system.TenantContext;

/**
 * The current tenant's identity ↔ account links (row-level security scopes every
 * statement).
 */
@Component
public class Links {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	Links(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	public Optional<Link> byIdentity(String identityId) {
		return jdbc.query("select * from link where identity_id = ?", (rows, i) -> map(rows), identityId)
			.stream()
			.findFirst();
	}

	public long count() {
		return jdbc.queryForObject("select count(*) from link", Long.class);
	}

	public long countActive() {
		return jdbc.queryForObject("select count(*) from link where state = 'ACTIVE'", Long.class);
	}

	/** Every link, streamed with a fetch size so 100,000 links need little memory. */
	public void forEach(Consumer<Link> sink) {
		JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
		streaming.setFetchSize(2000);
		streaming.query("select * from link", (RowCallbackHandler) rows -> sink.accept(map(rows)));
	}

	public Map<String, Link> all() {
		Map<String, Link> links = new HashMap<>();
		forEach(link -> links.put(link.identityId(), link));
		return links;
	}

	private static final String UPSERT = "insert into link (tenant_id, identity_id, account_id, account_email, employee, "
			+ "state, last_written, linked_at, updated_at) values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?) "
			+ "on conflict (tenant_id, identity_id) do update set account_id = excluded.account_id, "
			+ "account_email = excluded.account_email, employee = excluded.employee, state = excluded.state, "
			+ "last_written = excluded.last_written, updated_at = excluded.updated_at";

	public void save(Link link) {
		saveAll(List.of(link));
	}

	/**
	 * One batched statement for many links (a reconcile's writer saves hundreds per
	 * transaction).
	 */
	public void saveAll(List<Link> links) {
		if (links.isEmpty()) {
			return;
		}
		Timestamp now = Timestamp.from(clock.instant());
		UUID tenant = TenantContext.require();
		jdbc.batchUpdate(UPSERT, links.stream()
			.map(link -> new Object[] { tenant, link.identityId(), link.accountId(), link.accountEmail(),
					link.employee(), link.state().name(), json.writeValueAsString(link.lastWritten()), now, now })
			.toList());
	}

	/** Which of these people have an account linked. */
	public java.util.Set<String> linked(java.util.Collection<String> identityIds) {
		if (identityIds.isEmpty()) {
			return java.util.Set.of();
		}
		return new java.util.HashSet<>(jdbc.queryForList("select identity_id from link where identity_id = any(?)",
				String.class, (Object) identityIds.toArray(String[]::new)));
	}

	/** Every link of the organisation, accounts untouched; how many there were. */
	public long deleteAll() {
		return jdbc.update("delete from link");
	}

	public void delete(String identityId) {
		jdbc.update("delete from link where identity_id = ?", identityId);
	}

	public List<Link> page(int limit, int offset) {
		return jdbc.query("select * from link order by account_email limit ? offset ?", (rows, i) -> map(rows), limit,
				offset);
	}

	private Link map(ResultSet rows) throws SQLException {
		return new Link(rows.getString("identity_id"), rows.getString("account_id"), rows.getString("account_email"),
				rows.getBoolean("employee"), LinkState.valueOf(rows.getString("state")),
				json.readValue(rows.getString("last_written"), MAP));
	}

}
