package dev.ferry.provisioning.internal.people;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.ferry.provisioning.OperationStatus;
import dev.ferry.provisioning.RecordedOperation;
import dev.ferry.provisioning.RunKind;

/**
 * What Ferry itself knows about people, for the People page: finding them by any part of
 * a name, e-mail, login or id among its links, the SCIM directory and the import
 * candidates (trigram indexes, V30: never a call to Okta or ShareFile), and one person's
 * latest operations. Row-level security scopes every statement to the current
 * organisation.
 */
@Component
public class PeopleDirectory {

	/**
	 * The shortest text searched: a trigram index finds nothing shorter, and a scan of
	 * 100,000 people for two letters that match nobody takes 200 ms.
	 */
	public static final int MIN_QUERY = 3;

	private final JdbcTemplate jdbc;

	PeopleDirectory(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * People and accounts whose searchable text contains the query (ignoring case), at
	 * most {@code limit} of each kind, sorted by name then e-mail. Each table answers
	 * from its trigram index and stops at the limit: no ordering over all matches. The
	 * function {@code ferry_people_search} (V30) filters by the current organisation
	 * itself: through row-level security PostgreSQL would not use the index for LIKE.
	 */
	public List<Hit> search(String query, int limit) {
		String text = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
		if (text.length() < MIN_QUERY) {
			return List.of();
		}
		String like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
		Map<String, Hit> byKey = new LinkedHashMap<>();
		// links first, then the SCIM directory (names for people linked or not), then
		// accounts waiting on the import page that no link holds
		jdbc.query("select kind, identity_id, account_id, email, first_name, last_name, state "
				+ "from ferry_people_search(?, ?)", rows -> {
					String kind = rows.getString("kind");
					String id = rows.getString("identity_id");
					String account = rows.getString("account_id");
					String name = name(rows.getString("first_name"), rows.getString("last_name"));
					String email = rows.getString("email");
					switch (kind) {
						case "LINK" -> byKey.put("p:" + id, new Hit(id, account, name, email,
								"DISABLED".equals(rows.getString("state")) ? Hit.State.DISABLED : Hit.State.LINKED));
						case "SCIM" -> byKey.merge("p:" + id, new Hit(id, null, name, email, Hit.State.NOT_LINKED),
								(linked, scim) -> linked.named(name));
						default -> {
							if (byKey.values().stream().noneMatch(hit -> account.equals(hit.accountId()))) {
								byKey.put("a:" + account, new Hit(id, account, null, email, Hit.State.ACCOUNT_ONLY));
							}
						}
					}
				}, like, limit);
		List<Hit> hits = new ArrayList<>(byKey.values());
		hits.sort(Comparator.comparing((Hit hit) -> hit.name() == null ? "\uffff" : hit.name().toLowerCase(Locale.ROOT))
			.thenComparing(hit -> hit.email() == null ? "" : hit.email().toLowerCase(Locale.ROOT)));
		return hits;
	}

	/**
	 * The person's latest operations in runs that applied something (dry runs left out),
	 * newest first; read backwards along {@code run_operation_by_identity}.
	 */
	public List<Event> history(String identityId, int limit) {
		return jdbc.query("""
				select o.id, o.op, o.identity_id, o.account_id, o.label, o.changes::text as changes, o.status, o.error,
				       r.id as run_id, r.kind, r.trigger, r.started_at
				from run_operation o join run r on r.id = o.run_id
				where o.identity_id = ? and r.kind <> 'DRY_RUN'
				order by o.id desc limit ?""",
				(rows, n) -> new Event(rows.getObject("run_id", UUID.class), RunKind.valueOf(rows.getString("kind")),
						rows.getString("trigger"), instant(rows.getTimestamp("started_at")),
						new RecordedOperation(rows.getLong("id"), rows.getString("op"), rows.getString("identity_id"),
								rows.getString("account_id"), rows.getString("label"), rows.getString("changes"),
								OperationStatus.valueOf(rows.getString("status")), rows.getString("error"))),
				identityId, limit);
	}

	/** The import candidate for a ShareFile account, if Import New Users found one. */
	public java.util.Optional<Candidate> candidate(String accountId) {
		return jdbc
			.query("select account_id, email, action, identity_id, status from import_candidate where account_id = ?",
					(rows, n) -> new Candidate(rows.getString(1), rows.getString(2), rows.getString(3),
							rows.getString(4), rows.getString(5)),
					accountId)
			.stream()
			.findFirst();
	}

	private static String name(String first, String last) {
		String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
		return name.isEmpty() ? null : name;
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	/**
	 * A person or account found.
	 *
	 * @param identityId the identity source's id (null for an account nobody is matched
	 * to)
	 * @param accountId the ShareFile account (null when none is linked)
	 * @param name the display name when Ferry knows one
	 */
	public record Hit(String identityId, String accountId, String name, String email, State state) {

		Hit named(String other) {
			return name != null || other == null ? this : new Hit(identityId, accountId, other, email, state);
		}

		public enum State {

			/** Linked to an active account. */
			LINKED,
			/** Linked to an account Ferry disabled. */
			DISABLED,
			/** In the SCIM directory, no account linked. */
			NOT_LINKED,
			/** A ShareFile account waiting for a decision on the import page. */
			ACCOUNT_ONLY

		}

	}

	/** One operation on the person, with the run it was part of. */
	public record Event(UUID run, RunKind kind, String trigger, Instant at, RecordedOperation operation) {
	}

	/** A ShareFile account Import New Users would match to, or create as, a person. */
	public record Candidate(String accountId, String email, String action, String identityId, String status) {
	}

}
