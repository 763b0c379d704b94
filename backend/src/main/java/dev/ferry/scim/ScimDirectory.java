package dev.ferry.scim;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.ferry.system.TenantContext;

/**
 * The current organisation's SCIM directory: the people its identity provider pushed,
 * each with Ferry's permanent id, a userName unique ignoring case, the provider's
 * externalId and whether it is active, and the SCIM representation as last written (never
 * a password). Every query is the current tenant's (and row-level security filters
 * again).
 */
@Repository
public class ScimDirectory {

	private final JdbcClient jdbc;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Clock clock;

	ScimDirectory(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	private final RowMapper<Entry> entries = (rs, n) -> new Entry(rs.getObject("id", UUID.class),
			rs.getString("user_name"), rs.getString("external_id"), rs.getBoolean("active"),
			(ObjectNode) json.readTree(rs.getString("resource")), rs.getTimestamp("created_at").toInstant(),
			rs.getTimestamp("last_modified").toInstant(), rs.getLong("version"));

	private static final String COLUMNS = "select id, user_name, external_id, active, resource::text as resource, "
			+ "created_at, last_modified, version from scim_identity where tenant_id = ?";

	public Optional<Entry> find(UUID id) {
		return jdbc.sql(COLUMNS + " and id = ?").params(TenantContext.require(), id).query(entries).optional();
	}

	/** By userName, ignoring case. */
	public Optional<Entry> findByUserName(String userName) {
		return jdbc.sql(COLUMNS + " and user_name_key = ?")
			.params(TenantContext.require(), key(userName))
			.query(entries)
			.optional();
	}

	/** Everyone, oldest first: an order that does not change between pages. */
	public List<Entry> all() {
		return jdbc.sql(COLUMNS + " order by created_at, id").param(TenantContext.require()).query(entries).list();
	}

	public long count() {
		return jdbc.sql("select count(*) from scim_identity where tenant_id = ?")
			.param(TenantContext.require())
			.query(Long.class)
			.single();
	}

	/**
	 * @throws UserNameTaken when another person has this userName (ignoring case)
	 */
	public Entry create(String userName, String externalId, boolean active, ObjectNode resource) {
		UUID id = UUID.randomUUID();
		Instant now = clock.instant();
		try {
			jdbc.sql("""
					insert into scim_identity (tenant_id, id, user_name, user_name_key, external_id, active, resource,
					                           created_at, last_modified)
					values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?)""")
				.params(TenantContext.require(), id, userName, key(userName), externalId, active,
						json.writeValueAsString(resource), Timestamp.from(now), Timestamp.from(now))
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw new UserNameTaken(userName);
		}
		return find(id).orElseThrow();
	}

	/**
	 * Replaces what is stored of a person.
	 * @return empty when there is no such person (any more)
	 * @throws UserNameTaken when another person has the new userName
	 */
	public Optional<Entry> replace(UUID id, String userName, String externalId, boolean active, ObjectNode resource) {
		int updated;
		try {
			updated = jdbc.sql("""
					update scim_identity set user_name = ?, user_name_key = ?, external_id = ?, active = ?,
					       resource = cast(? as jsonb), last_modified = ?, version = version + 1
					where tenant_id = ? and id = ?""")
				.params(userName, key(userName), externalId, active, json.writeValueAsString(resource),
						Timestamp.from(clock.instant()), TenantContext.require(), id)
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw new UserNameTaken(userName);
		}
		return updated == 0 ? Optional.empty() : find(id);
	}

	/**
	 * @return whether there was such a person
	 */
	public boolean delete(UUID id) {
		return jdbc.sql("delete from scim_identity where tenant_id = ? and id = ?")
			.params(TenantContext.require(), id)
			.update() > 0;
	}

	/** Every group, oldest first. */
	public List<Group> groups() {
		return jdbc
			.sql("select id, display_name, external_id, created_at, last_modified, version from scim_group "
					+ "where tenant_id = ? order by created_at, id")
			.param(TenantContext.require())
			.query(groupRows)
			.list();
	}

	public Optional<Group> group(UUID id) {
		return jdbc
			.sql("select id, display_name, external_id, created_at, last_modified, version from scim_group "
					+ "where tenant_id = ? and id = ?")
			.params(TenantContext.require(), id)
			.query(groupRows)
			.optional();
	}

	/**
	 * The group, its row locked until the caller's transaction ends: a PATCH reads the
	 * members, applies its operations and writes them back, and another PATCH of the same
	 * group must wait for it or one of the two changes is lost.
	 */
	public Optional<Group> lockGroup(UUID id) {
		return jdbc
			.sql("select id, display_name, external_id, created_at, last_modified, version from scim_group "
					+ "where tenant_id = ? and id = ? for update")
			.params(TenantContext.require(), id)
			.query(groupRows)
			.optional();
	}

	/** A group's members (people of the directory). */
	public List<UUID> members(UUID group) {
		return jdbc.sql("select user_id from scim_group_member where tenant_id = ? and group_id = ? order by user_id")
			.params(TenantContext.require(), group)
			.query(UUID.class)
			.list();
	}

	/** The names of the groups a person is in. */
	public List<String> groupNamesOf(UUID user) {
		return jdbc.sql("""
				select g.display_name from scim_group_member m join scim_group g
				  on g.tenant_id = m.tenant_id and g.id = m.group_id
				where m.tenant_id = ? and m.user_id = ? order by g.display_name""")
			.params(TenantContext.require(), user)
			.query(String.class)
			.list();
	}

	/**
	 * @param members people of the directory; unknown ones are refused
	 * @throws UnknownMember when a member is not a person of the directory
	 */
	public Group createGroup(String displayName, String externalId, List<UUID> members) {
		UUID id = UUID.randomUUID();
		Instant now = clock.instant();
		jdbc.sql("insert into scim_group (tenant_id, id, display_name, external_id, created_at, last_modified) "
				+ "values (?, ?, ?, ?, ?, ?)")
			.params(TenantContext.require(), id, displayName, externalId, Timestamp.from(now), Timestamp.from(now))
			.update();
		setMembers(id, members);
		return group(id).orElseThrow();
	}

	/**
	 * Replaces a group's name, externalId and members.
	 * @return empty when there is no such group (any more)
	 */
	public Optional<Group> replaceGroup(UUID id, String displayName, String externalId, List<UUID> members) {
		int updated = jdbc
			.sql("update scim_group set display_name = ?, external_id = ?, last_modified = ?, "
					+ "version = version + 1 where tenant_id = ? and id = ?")
			.params(displayName, externalId, Timestamp.from(clock.instant()), TenantContext.require(), id)
			.update();
		if (updated == 0) {
			return Optional.empty();
		}
		setMembers(id, members);
		return group(id);
	}

	public boolean deleteGroup(UUID id) {
		return jdbc.sql("delete from scim_group where tenant_id = ? and id = ?")
			.params(TenantContext.require(), id)
			.update() > 0;
	}

	private void setMembers(UUID group, List<UUID> members) {
		UUID tenant = TenantContext.require();
		jdbc.sql("delete from scim_group_member where tenant_id = ? and group_id = ?").params(tenant, group).update();
		for (UUID member : new java.util.LinkedHashSet<>(members)) {
			try {
				jdbc.sql("insert into scim_group_member (tenant_id, group_id, user_id) values (?, ?, ?)")
					.params(tenant, group, member)
					.update();
			}
			catch (org.springframework.dao.DataIntegrityViolationException ex) {
				throw new UnknownMember(member);
			}
		}
	}

	private final RowMapper<Group> groupRows = (rs, n) -> new Group(rs.getObject("id", UUID.class),
			rs.getString("display_name"), rs.getString("external_id"), rs.getTimestamp("created_at").toInstant(),
			rs.getTimestamp("last_modified").toInstant(), rs.getLong("version"));

	private static String key(String userName) {
		return userName.toLowerCase(Locale.ROOT);
	}

	/**
	 * One person as stored.
	 *
	 * @param resource the SCIM attributes as last written, without id, meta or password
	 * @param version counts the writes, for {@code meta.version}
	 */
	public record Entry(UUID id, String userName, String externalId, boolean active, ObjectNode resource,
			Instant created, Instant lastModified, long version) {

	}

	/** One group as stored; its members are read with {@link ScimDirectory#members}. */
	public record Group(UUID id, String displayName, String externalId, Instant created, Instant lastModified,
			long version) {

	}

	/** A group member that is not a person of the directory. */
	public static class UnknownMember extends RuntimeException {

		UnknownMember(UUID id) {
			super("No user " + id);
		}

	}

	/** Another person of the organisation has this userName already. */
	public static class UserNameTaken extends RuntimeException {

		UserNameTaken(String userName) {
			super("userName " + userName + " is taken");
		}

	}

}
