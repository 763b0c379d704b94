package dev.ferry.provisioning.internal.scim;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.ferry.audit.AuditEntry;
import dev.ferry.connector.Identity;
import dev.ferry.provisioning.internal.config.TenantConnectors;
import dev.ferry.system.TenantContext;

/**
 * What Ferry answers Okta's SCIM client (docs/reference/okta.md §8) for the current
 * tenant. Okta is the master of people, so a SCIM user is the Okta person itself (id =
 * Okta user id, read fresh); Ferry only remembers which people Okta created through SCIM
 * (for the 409 Okta expects on a second create). The one thing a request changes in
 * ShareFile is the password (Push Password Updates); accounts are created and disabled by
 * the engine, so {@code active} is acknowledged. A password is passed to ShareFile and
 * forgotten.
 */
@Component
public class ScimUsers {

	public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";

	public static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

	public static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

	/**
	 * The longest filter read; longer ones are refused before any parsing (RFC 7644
	 * §3.4.2.2 sets no limit).
	 */
	public static final int MAX_FILTER_LENGTH = 512;

	private static final AuditEntry.Actor OKTA_SCIM = new AuditEntry.Actor("OKTA", null, "SCIM client");

	private final TenantConnectors connectors;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final ScimPasswords passwords;

	ScimUsers(ScimPasswords passwords, TenantConnectors connectors, JdbcTemplate jdbc, Clock clock) {
		this.passwords = passwords;
		this.connectors = connectors;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** An answer: the HTTP status and the SCIM body (null for none). */
	public record Reply(int status, Map<String, Object> body) {

		public static Reply error(int status, String detail) {
			return error(status, null, detail);
		}

		/**
		 * @param scimType RFC 7644 §3.12's keyword for a 400, e.g. {@code invalidFilter};
		 * null for none
		 */
		public static Reply error(int status, String scimType, String detail) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("schemas", List.of(ERROR));
			if (scimType != null) {
				body.put("scimType", scimType);
			}
			body.put("detail", detail);
			body.put("status", String.valueOf(status));
			return new Reply(status, body);
		}

	}

	/**
	 * A SCIM user as Okta's SCIM client sends it ({@code POST}, {@code PUT}); only what
	 * Ferry reads of it. {@code active} is absent when not sent.
	 */
	public record User(String userName, String externalId, Boolean active, String password) {

		/** An empty body. */
		public static final User NONE = new User(null, null, null, null);

	}

	/**
	 * A SCIM {@code PatchOp} ({@code PATCH}): Okta sends no {@code path} and an object
	 * value, others a path and a plain value, so the value stays JSON.
	 */
	public record PatchOp(@JsonProperty("Operations") List<Operation> operations) {

		/** An empty body. */
		public static final PatchOp NONE = new PatchOp(null);

		public record Operation(String op, String path, JsonNode value) {
		}

	}

	/**
	 * {@code GET /Users}: with {@code userName eq "x"} the Okta person of that login;
	 * else those Okta created.
	 */
	public Reply list(String filter, int startIndex, int count) {
		int start = Math.max(1, startIndex);
		int size = Math.max(0, Math.min(count, 200));
		List<Map<String, Object>> found = new ArrayList<>();
		int total;
		if (filter != null && !filter.isBlank()) {
			if (filter.length() > MAX_FILTER_LENGTH) {
				return Reply.error(400, "invalidFilter", "A filter is at most " + MAX_FILTER_LENGTH + " characters.");
			}
			Optional<String> value = userNameEquals(filter);
			if (value.isEmpty()) {
				return Reply.error(400, "invalidFilter", "Only the filter userName eq \"…\" is supported.");
			}
			String login = value.get();
			Optional<Identity> person = login.isBlank() ? Optional.empty()
					: connectors.source().getAssumingAssigned(login);
			total = person.isPresent() ? 1 : 0;
			if (person.isPresent() && start == 1 && size > 0) {
				found.add(user(person.get()));
			}
		}
		else {
			total = jdbc.queryForObject("select count(*) from scim_user", Integer.class);
			jdbc.query("select identity_id, user_name, active from scim_user order by identity_id offset ? limit ?",
					rows -> {
						found.add(user(rows.getString(1), rows.getString(2), rows.getBoolean(3), Map.of()));
					}, start - 1, size);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("schemas", List.of(LIST));
		body.put("totalResults", total);
		body.put("startIndex", start);
		body.put("itemsPerPage", found.size());
		body.put("Resources", found);
		return new Reply(200, body);
	}

	/**
	 * The value of a {@code userName eq "…"} filter (attribute name and operator in any
	 * case, RFC 7644 §3.4.2.2), read in one pass without a regular expression: filters
	 * are untrusted input, and a backtracking pattern over them overflowed the stack.
	 */
	static Optional<String> userNameEquals(String filter) {
		String text = filter.strip();
		String attribute = "userName";
		if (text.length() < attribute.length() || !text.regionMatches(true, 0, attribute, 0, attribute.length())) {
			return Optional.empty();
		}
		int i = attribute.length();
		int spaces = i;
		while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
			i++;
		}
		if (i == spaces || !text.regionMatches(true, i, "eq", 0, 2)) {
			return Optional.empty();
		}
		i += 2;
		spaces = i;
		while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
			i++;
		}
		if (i == spaces || i >= text.length() || text.charAt(i) != '"') {
			return Optional.empty();
		}
		StringBuilder value = new StringBuilder();
		for (i++; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\\' && i + 1 < text.length()) {
				value.append(text.charAt(++i));
			}
			else if (c == '"') {
				return i == text.length() - 1 ? Optional.of(value.toString()) : Optional.empty();
			}
			else {
				value.append(c);
			}
		}
		return Optional.empty();
	}

	/** {@code GET /Users/{id}}. */
	public Reply get(String id) {
		return connectors.source()
			.getAssumingAssigned(id)
			.map(person -> new Reply(200, user(person)))
			.orElseGet(() -> Reply.error(404, "No user " + id + "."));
	}

	/**
	 * {@code POST /Users}: Okta assigned someone; their password is set when they already
	 * have an account.
	 */
	public Reply create(User body) {
		String userName = body.userName() == null ? "" : body.userName();
		String externalId = body.externalId() == null ? "" : body.externalId();
		if (userName.isBlank() && externalId.isBlank()) {
			return Reply.error(400, "userName is required.");
		}
		Optional<Identity> person = connectors.source()
			.getAssumingAssigned(externalId.isBlank() ? userName : externalId);
		if (person.isEmpty() && !externalId.isBlank() && !userName.isBlank()) {
			person = connectors.source().getAssumingAssigned(userName);
		}
		if (person.isEmpty()) {
			return Reply.error(404, "Okta has no user " + userName + ".");
		}
		Identity identity = person.get();
		int inserted = jdbc.update("""
				insert into scim_user (tenant_id, identity_id, user_name, active, created_at) values (?, ?, ?, ?, ?)
				on conflict do nothing""", TenantContext.require(), identity.id(), identity.login(),
				body.active() == null || body.active(), Timestamp.from(clock.instant()));
		if (inserted == 0) {
			return Reply.error(409, "User " + identity.login() + " already exists.");
		}
		Reply failed = pushPassword(identity, body.password());
		return failed != null ? failed : new Reply(201, user(identity));
	}

	/**
	 * {@code PUT /Users/{id}}: the whole user; only its password and active flag mean
	 * anything here.
	 */
	public Reply replace(String id, User body) {
		return change(id, body.password(), body.active());
	}

	/**
	 * {@code PATCH /Users/{id}}: Okta's operations carry no {@code path} and an object
	 * value ({@code {"op":"replace","value":{"password":"…"}}}); a {@code path} of
	 * password or active is read too.
	 */
	public Reply patch(String id, PatchOp body) {
		JsonNode password = null;
		JsonNode active = null;
		for (PatchOp.Operation operation : body.operations() == null ? List.<PatchOp.Operation>of()
				: body.operations()) {
			if (operation == null
					|| !"replace".equalsIgnoreCase(operation.op()) && !"add".equalsIgnoreCase(operation.op())) {
				continue;
			}
			String path = operation.path() == null ? "" : operation.path();
			JsonNode value = operation.value() == null ? MissingNode.getInstance() : operation.value();
			if (path.isEmpty() && value.isObject()) {
				password = value.has("password") ? value.get("password") : password;
				active = value.has("active") ? value.get("active") : active;
			}
			else if ("password".equalsIgnoreCase(path)) {
				password = value;
			}
			else if ("active".equalsIgnoreCase(path)) {
				active = value;
			}
		}
		return change(id, password != null && password.isString() ? password.asString() : null,
				active != null && active.isBoolean() ? active.asBoolean() : null);
	}

	private Reply change(String id, String password, Boolean active) {
		Optional<Identity> person = connectors.source().getAssumingAssigned(id);
		if (person.isEmpty()) {
			return Reply.error(404, "No user " + id + ".");
		}
		if (active != null) {
			// acknowledged only: the engine disables and enables accounts from Okta's own
			// state
			jdbc.update("update scim_user set active = ? where identity_id = ?", active, person.get().id());
		}
		Reply failed = pushPassword(person.get(), password);
		return failed != null ? failed : new Reply(200, user(person.get()));
	}

	/** Sets the password in the target; null when fine. */
	private Reply pushPassword(Identity person, String password) {
		return passwords.set(person.id(), person.login(), password, OKTA_SCIM)
			.map(refused -> Reply.error(refused.status(), refused.detail()))
			.orElse(null);
	}

	private static Map<String, Object> user(Identity person) {
		Map<String, Object> name = new LinkedHashMap<>();
		name.put("givenName", String.valueOf(person.profile().getOrDefault("firstName", "")));
		name.put("familyName", String.valueOf(person.profile().getOrDefault("lastName", "")));
		Map<String, Object> extra = new LinkedHashMap<>();
		extra.put("name", name);
		extra.put("displayName", (name.get("givenName") + " " + name.get("familyName")).strip());
		if (person.email() != null) {
			extra.put("emails", List.of(Map.of("primary", true, "value", person.email(), "type", "work")));
		}
		return user(person.id(), person.login(), person.active(), extra);
	}

	private static Map<String, Object> user(String id, String userName, boolean active, Map<String, Object> extra) {
		Map<String, Object> user = new LinkedHashMap<>();
		user.put("schemas", List.of(USER));
		user.put("id", id);
		user.put("userName", userName);
		user.putAll(extra);
		user.put("active", active);
		user.put("meta", Map.of("resourceType", "User"));
		return user;
	}

}
