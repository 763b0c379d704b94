package dev.ferry.sandbox.entra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.ferry.sandbox.scim.ScimCallLog;
import dev.ferry.sandbox.scim.ScimHttp;

/**
 * One provisioning cycle of Entra ID's provisioning service (docs/scim.md, "The sandbox
 * as a SCIM client"): each user in scope is matched by {@code userName eq}, created with
 * the core and enterprise schemas (nulls included, as Entra sends them) or updated by
 * PATCH with only what changed; disabled with {@code "False"} (a string, and capitalised
 * ops) unless the tenant has the {@code aadOptscim062020} flag (lower-case ops, booleans,
 * one path-less {@code replace} with dotted keys); deleted permanently with a DELETE.
 * Groups follow: matched by {@code displayName} with {@code excludedAttributes=members},
 * created without members, then members added and removed by value arrays (or by filter
 * with the flag). Users are worked on a few at a time, as the service does.
 */
@Component
class EntraProvisioning implements DisposableBean {

	static final String ADSCIM_GROUP = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

	static final String WORK_EMAIL = "emails[type eq \"work\"].value";

	static final int MEMBERS_PER_PATCH = 100;

	private final JsonMapper json;

	private final ExecutorService workers = Executors.newFixedThreadPool(4,
			Thread.ofPlatform().daemon().name("entra-scim-", 0).factory());

	EntraProvisioning(JsonMapper json) {
		this.json = json;
	}

	/** What a cycle did, counted, and the calls it made. */
	record Summary(int created, int matched, int updated, int deleted, int groupsCreated, int groupsUpdated,
			int groupsDeleted, List<ScimCallLog.Entry> failures, long firstCall, long lastCall) {
	}

	Summary testConnection(EntraTenant tenant) {
		Client client = client(tenant, "test-connection");
		client.send("GET",
				"/Users?filter=" + ScimHttp.encode("userName eq " + ScimHttp.quoted(UUID.randomUUID().toString())),
				null);
		return client.summary();
	}

	Summary cycle(EntraTenant tenant) throws InterruptedException {
		synchronized (tenant) {
			Client client = client(tenant, "cycle");
			List<Callable<Void>> work = new ArrayList<>();
			for (EntraTenant.User user : new ArrayList<>(tenant.users.values())) {
				work.add(() -> {
					user(tenant, client, user);
					return null;
				});
			}
			for (Future<Void> done : workers.invokeAll(work)) {
				try {
					done.get();
				}
				catch (ExecutionException ex) {
					throw new IllegalStateException(ex.getCause());
				}
			}
			tenant.users.values().removeIf(user -> user.hardDeleted && user.scimId == null);
			for (EntraTenant.Group group : new ArrayList<>(tenant.groups.values())) {
				group(tenant, client, group);
			}
			tenant.groups.values().removeIf(group -> group.deleted && group.scimId == null);
			return client.summary();
		}
	}

	private void user(EntraTenant tenant, Client client, EntraTenant.User user) {
		boolean flag = tenant.aadOptscim062020;
		if (user.hardDeleted) {
			if (user.scimId != null) {
				ScimHttp.Answer deleted = client.send("DELETE", "/Users/" + ScimHttp.encode(user.scimId), null);
				if (deleted.ok() || deleted.status() == 404) {
					user.scimId = null;
					client.deleted.incrementAndGet();
				}
			}
			return;
		}
		Map<String, Object> wanted = attributes(user);
		if (user.scimId == null) {
			if (!user.active()) {
				// never provisioned and out of scope: nothing to do
				return;
			}
			ScimHttp.Answer match = client.send("GET",
					"/Users?filter=" + ScimHttp.encode("userName eq " + ScimHttp.quoted(user.userPrincipalName)), null);
			if (match.status() != 200) {
				return;
			}
			JsonNode found = match.json().path("Resources").path(0);
			if (found.hasNonNull("id")) {
				user.scimId = found.path("id").asString();
				client.matched.incrementAndGet();
			}
			else {
				ScimHttp.Answer created = client.send("POST", "/Users", create(user));
				if (created.status() == 201 && created.json().hasNonNull("id")) {
					user.scimId = created.json().path("id").asString();
					user.sent.putAll(wanted);
					client.created.incrementAndGet();
				}
				return;
			}
		}
		List<Map<String, Object>> operations = new ArrayList<>();
		Map<String, Object> changed = new LinkedHashMap<>();
		wanted.forEach((path, value) -> {
			if (!"active".equals(path) && value != null && !Objects.equals(user.sent.get(path), value)) {
				changed.put(path, value);
			}
		});
		if (!changed.isEmpty()) {
			if (flag) {
				operations.add(op("replace", null, changed));
			}
			else {
				changed.forEach((path, value) -> operations.add(op("Replace", path, value)));
			}
		}
		if (!Objects.equals(user.sent.get("active"), wanted.get("active"))) {
			boolean active = (Boolean) wanted.get("active");
			operations.add(flag ? op("replace", "active", active) : op("Replace", "active", active ? "True" : "False"));
		}
		if (operations.isEmpty()) {
			return;
		}
		ScimHttp.Answer patched = client.send("PATCH", "/Users/" + ScimHttp.encode(user.scimId), patch(operations));
		if (patched.ok()) {
			user.sent.putAll(wanted);
			client.updated.incrementAndGet();
		}
	}

	private void group(EntraTenant tenant, Client client, EntraTenant.Group group) {
		boolean flag = tenant.aadOptscim062020;
		if (group.deleted) {
			if (group.scimId != null) {
				ScimHttp.Answer deleted = client.send("DELETE", "/Groups/" + ScimHttp.encode(group.scimId), null);
				if (deleted.ok() || deleted.status() == 404) {
					group.scimId = null;
					client.groupsDeleted.incrementAndGet();
				}
			}
			return;
		}
		if (group.scimId == null) {
			ScimHttp.Answer match = client.send("GET", "/Groups?excludedAttributes=members&filter="
					+ ScimHttp.encode("displayName eq " + ScimHttp.quoted(group.displayName)), null);
			if (match.status() != 200) {
				return;
			}
			JsonNode found = match.json().path("Resources").path(0);
			if (found.hasNonNull("id")) {
				group.scimId = found.path("id").asString();
				group.sentName = found.path("displayName").asString(null);
			}
			else {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("schemas", List.of(ScimHttp.GROUP, ADSCIM_GROUP));
				body.put("externalId", group.objectId);
				body.put("displayName", group.displayName);
				body.put("meta", Map.of("resourceType", "Group"));
				ScimHttp.Answer created = client.send("POST", "/Groups", body);
				if (created.status() != 201 || !created.json().hasNonNull("id")) {
					return;
				}
				group.scimId = created.json().path("id").asString();
				group.sentName = group.displayName;
				client.groupsCreated.incrementAndGet();
			}
		}
		String path = "/Groups/" + ScimHttp.encode(group.scimId);
		boolean updated = false;
		if (!group.displayName.equals(group.sentName)) {
			if (client
				.send("PATCH", path, patch(List.of(op(flag ? "replace" : "Replace", "displayName", group.displayName))))
				.ok()) {
				group.sentName = group.displayName;
				updated = true;
			}
		}
		List<String> wanted = new ArrayList<>();
		for (String member : group.members) {
			tenant.users.values()
				.stream()
				.filter(user -> user.objectId.equals(member) && user.scimId != null && !user.hardDeleted)
				.findFirst()
				.ifPresent(user -> wanted.add(user.scimId));
		}
		List<String> add = wanted.stream().filter(id -> !group.sentMembers.contains(id)).toList();
		List<String> remove = group.sentMembers.stream().filter(id -> !wanted.contains(id)).toList();
		for (int from = 0; from < add.size(); from += MEMBERS_PER_PATCH) {
			List<String> chunk = add.subList(from, Math.min(add.size(), from + MEMBERS_PER_PATCH));
			if (client.send("PATCH", path, patch(List.of(op(flag ? "add" : "Add", "members", refs(chunk))))).ok()) {
				group.sentMembers.addAll(chunk);
				updated = true;
			}
		}
		if (!remove.isEmpty()) {
			List<Map<String, Object>> operations = new ArrayList<>();
			if (flag) {
				remove
					.forEach(id -> operations.add(op("remove", "members[value eq " + ScimHttp.quoted(id) + "]", null)));
			}
			else {
				operations.add(op("Remove", "members", refs(remove)));
			}
			if (client.send("PATCH", path, patch(operations)).ok()) {
				remove.forEach(group.sentMembers::remove);
				updated = true;
			}
		}
		if (updated) {
			client.groupsUpdated.incrementAndGet();
		}
	}

	/** The default attribute mappings of Entra ID's SCIM provisioning, by SCIM path. */
	static Map<String, Object> attributes(EntraTenant.User user) {
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("userName", user.userPrincipalName);
		attributes.put("active", user.active());
		attributes.put("displayName", displayName(user));
		attributes.put("title", user.jobTitle);
		attributes.put(WORK_EMAIL, user.mail);
		attributes.put("name.givenName", user.givenName);
		attributes.put("name.familyName", user.surname);
		attributes.put("name.formatted", displayName(user));
		attributes.put("externalId", user.userPrincipalName.substring(0, user.userPrincipalName.indexOf('@')));
		attributes.put(ScimHttp.ENTERPRISE + ":department", user.department);
		attributes.put(ScimHttp.ENTERPRISE + ":employeeNumber", user.employeeId);
		return attributes;
	}

	/**
	 * A create as Entra ID sends it: nulls for what the user lacks, an empty roles list.
	 */
	private static Map<String, Object> create(EntraTenant.User user) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("schemas", List.of(ScimHttp.USER, ScimHttp.ENTERPRISE));
		body.put("externalId", attributes(user).get("externalId"));
		body.put("userName", user.userPrincipalName);
		body.put("active", true);
		body.put("addresses", null);
		body.put("displayName", displayName(user));
		if (user.mail != null) {
			body.put("emails", List.of(Map.of("primary", true, "type", "work", "value", user.mail)));
		}
		body.put("meta", Map.of("resourceType", "User"));
		Map<String, Object> name = new LinkedHashMap<>();
		name.put("formatted", displayName(user));
		name.put("familyName", user.surname);
		name.put("givenName", user.givenName);
		body.put("name", name);
		body.put("roles", List.of());
		body.put("title", user.jobTitle);
		Map<String, Object> enterprise = new LinkedHashMap<>();
		enterprise.put("department", user.department);
		enterprise.put("employeeNumber", user.employeeId);
		body.put(ScimHttp.ENTERPRISE, enterprise);
		return body;
	}

	private static String displayName(EntraTenant.User user) {
		return ((user.givenName == null ? "" : user.givenName) + " " + (user.surname == null ? "" : user.surname))
			.trim();
	}

	private static List<Map<String, Object>> refs(List<String> ids) {
		List<Map<String, Object>> values = new ArrayList<>();
		for (String id : ids) {
			Map<String, Object> value = new LinkedHashMap<>();
			value.put("$ref", null);
			value.put("value", id);
			values.add(value);
		}
		return values;
	}

	private static Map<String, Object> patch(List<Map<String, Object>> operations) {
		return Map.of("schemas", List.of(ScimHttp.PATCH_OP), "Operations", operations);
	}

	private static Map<String, Object> op(String op, String path, Object value) {
		Map<String, Object> operation = new LinkedHashMap<>();
		operation.put("op", op);
		if (path != null) {
			operation.put("path", path);
		}
		if (value != null) {
			operation.put("value", value);
		}
		return operation;
	}

	private Client client(EntraTenant tenant, String trigger) {
		if (tenant.tenantUrl == null || tenant.secretToken == null) {
			throw new IllegalArgumentException("the tenant's provisioning has no Tenant URL and Secret Token yet");
		}
		// the User-Agent is a name of our own: docs/scim.md does not record Entra ID's
		return new Client(tenant, trigger,
				new ScimHttp(tenant.tenantUrl, tenant.secretToken, "Microsoft.AAD.Provisioning", json));
	}

	/** One cycle's requests, counted and logged. */
	private static final class Client {

		final EntraTenant tenant;

		final String trigger;

		final ScimHttp http;

		final AtomicInteger created = new AtomicInteger();

		final AtomicInteger matched = new AtomicInteger();

		final AtomicInteger updated = new AtomicInteger();

		final AtomicInteger deleted = new AtomicInteger();

		final AtomicInteger groupsCreated = new AtomicInteger();

		final AtomicInteger groupsUpdated = new AtomicInteger();

		final AtomicInteger groupsDeleted = new AtomicInteger();

		final List<ScimCallLog.Entry> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

		long first = -1;

		long last;

		Client(EntraTenant tenant, String trigger, ScimHttp http) {
			this.tenant = tenant;
			this.trigger = trigger;
			this.http = http;
		}

		ScimHttp.Answer send(String method, String path, Object body) {
			ScimHttp.Answer answer = http.send(method, path, body);
			ScimCallLog.Entry entry = tenant.log.add(tenant.name, trigger, answer);
			synchronized (this) {
				first = first < 0 ? entry.sequence() : Math.min(first, entry.sequence());
				last = Math.max(last, entry.sequence());
			}
			if (!answer.ok()) {
				failures.add(entry);
			}
			return answer;
		}

		synchronized Summary summary() {
			return new Summary(created.get(), matched.get(), updated.get(), deleted.get(), groupsCreated.get(),
					groupsUpdated.get(), groupsDeleted.get(), List.copyOf(failures), first, last);
		}

	}

	@Override
	public void destroy() {
		workers.shutdownNow();
	}

}
