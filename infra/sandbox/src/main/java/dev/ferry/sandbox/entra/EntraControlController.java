package dev.ferry.sandbox.entra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.ferry.sandbox.scim.ScimCallLog;

/**
 * The control API of the Entra ID-style SCIM client: a tenant's provisioning settings,
 * its users and groups (one by one or generated in bulk), Test Connection, a provisioning
 * cycle (run now, answered when done), and the log of SCIM calls.
 */
@RestController
@RequestMapping("/sandbox/api/entra")
class EntraControlController {

	static final int MAX_BULK = 10_000;

	private final EntraTenants tenants;

	private final EntraProvisioning provisioning;

	EntraControlController(EntraTenants tenants, EntraProvisioning provisioning) {
		this.tenants = tenants;
		this.provisioning = provisioning;
	}

	/**
	 * {@code {"tenantUrl", "secretToken", "aadOptscim062020": false}}: creates the tenant
	 * if needed and sets its provisioning connection.
	 */
	@PutMapping("/{tenant}")
	Map<String, Object> configure(@PathVariable String tenant, @RequestBody Map<String, Object> body) {
		String url = (String) body.get("tenantUrl");
		String token = (String) body.get("secretToken");
		if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
			throw new IllegalArgumentException("tenantUrl must be an http(s) URL");
		}
		if (token == null || token.isBlank()) {
			throw new IllegalArgumentException("secretToken is required");
		}
		EntraTenant target = tenants.create(tenant);
		synchronized (target) {
			target.tenantUrl = url;
			target.secretToken = token;
			target.aadOptscim062020 = Boolean.TRUE.equals(body.get("aadOptscim062020"));
		}
		return read(tenant);
	}

	/** The tenant: settings (not the token), users and groups with their SCIM ids. */
	@GetMapping("/{tenant}")
	Map<String, Object> read(@PathVariable String tenant) {
		EntraTenant target = tenant(tenant);
		synchronized (target) {
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("tenant", target.name);
			answer.put("tenantUrl", target.tenantUrl);
			answer.put("aadOptscim062020", target.aadOptscim062020);
			List<Map<String, Object>> users = new ArrayList<>();
			target.users.values().forEach(user -> users.add(user(user)));
			answer.put("users", users);
			List<Map<String, Object>> groups = new ArrayList<>();
			target.groups.values().forEach(group -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("objectId", group.objectId);
				row.put("displayName", group.displayName);
				row.put("members", group.members.size());
				row.put("deleted", group.deleted);
				row.put("scimId", group.scimId);
				groups.add(row);
			});
			answer.put("groups", groups);
			return answer;
		}
	}

	/**
	 * {@code {"userPrincipalName", "givenName", "surname", "mail", "jobTitle",
	 * "department", "employeeId", "accountEnabled"}}: a user assigned to the app.
	 */
	@PostMapping("/{tenant}/users")
	ResponseEntity<Map<String, Object>> createUser(@PathVariable String tenant, @RequestBody Map<String, Object> body) {
		EntraTenant target = tenant(tenant);
		synchronized (target) {
			String upn = (String) body.get("userPrincipalName");
			if (upn == null || !upn.contains("@")) {
				throw new IllegalArgumentException("userPrincipalName must be an address");
			}
			if (target.users.containsKey(upn.toLowerCase(Locale.ROOT))) {
				throw new IllegalArgumentException("userPrincipalName " + upn + " is taken");
			}
			EntraTenant.User user = new EntraTenant.User();
			user.userPrincipalName = upn;
			user.mail = upn;
			apply(user, body);
			target.users.put(upn.toLowerCase(Locale.ROOT), user);
			return ResponseEntity.status(HttpStatus.CREATED).body(user(user));
		}
	}

	/**
	 * {@code {"count", "prefix"}}: generated users
	 * {@code prefix.000001@{tenant}.example}, all assigned.
	 */
	@PostMapping("/{tenant}/users/bulk")
	Map<String, Object> bulk(@PathVariable String tenant, @RequestBody Map<String, Object> body) {
		EntraTenant target = tenant(tenant);
		int count = body.get("count") instanceof Number number ? number.intValue() : 0;
		if (count < 1 || count > MAX_BULK) {
			throw new IllegalArgumentException("count must be between 1 and " + MAX_BULK);
		}
		String prefix = body.get("prefix") instanceof String text ? text.toLowerCase(Locale.ROOT) : "person";
		if (!prefix.matches("[a-z0-9._-]{1,40}")) {
			throw new IllegalArgumentException("prefix may hold only a-z, 0-9, '.', '_' and '-'");
		}
		synchronized (target) {
			int created = 0;
			for (int n = 1; created < count; n++) {
				String upn = String.format(Locale.ROOT, "%s.%06d@%s.example", prefix, n,
						target.name.toLowerCase(Locale.ROOT));
				if (target.users.containsKey(upn)) {
					continue;
				}
				EntraTenant.User user = new EntraTenant.User();
				user.userPrincipalName = upn;
				user.mail = upn;
				user.givenName = "Person";
				user.surname = String.format(Locale.ROOT, "%06d", n);
				user.department = "Dept " + (n % 10);
				user.employeeId = String.format(Locale.ROOT, "E%06d", n);
				target.users.put(upn, user);
				created++;
			}
			return Map.of("users", target.users.size());
		}
	}

	/**
	 * Changes a user: any field of the create, {@code accountEnabled}, or
	 * {@code assigned} (false: unassigned from the app).
	 */
	@PatchMapping("/{tenant}/users/{upn}")
	Map<String, Object> updateUser(@PathVariable String tenant, @PathVariable String upn,
			@RequestBody Map<String, Object> body) {
		EntraTenant target = tenant(tenant);
		synchronized (target) {
			EntraTenant.User user = target.user(upn);
			apply(user, body);
			if (body.get("assigned") instanceof Boolean assigned) {
				user.assigned = assigned;
			}
			return user(user);
		}
	}

	/**
	 * Deletes a user in Entra: soft (restorable, provisioned as a disable) or, with
	 * {@code ?permanent=true}, for good (provisioned as a DELETE).
	 */
	@DeleteMapping("/{tenant}/users/{upn}")
	ResponseEntity<Void> deleteUser(@PathVariable String tenant, @PathVariable String upn,
			@RequestParam(defaultValue = "false") boolean permanent) {
		EntraTenant target = tenant(tenant);
		synchronized (target) {
			EntraTenant.User user = target.user(upn);
			user.softDeleted = true;
			user.hardDeleted = permanent;
		}
		return ResponseEntity.noContent().build();
	}

	/** A soft-deleted user restored. */
	@PostMapping("/{tenant}/users/{upn}/restore")
	Map<String, Object> restoreUser(@PathVariable String tenant, @PathVariable String upn) {
		EntraTenant target = tenant(tenant);
		synchronized (target) {
			EntraTenant.User user = target.user(upn);
			if (user.hardDeleted) {
				throw new IllegalArgumentException(upn + " was deleted permanently");
			}
			user.softDeleted = false;
			return user(user);
		}
	}

	/** {@code {"displayName", "members": [upn, ...]}}: a group assigned to the app. */
	@PostMapping("/{tenant}/groups")
	ResponseEntity<Map<String, Object>> createGroup(@PathVariable String tenant,
			@RequestBody Map<String, Object> body) {
		EntraTenant target = tenant(tenant);
		synchronized (target) {
			if (!(body.get("displayName") instanceof String name) || name.isBlank()) {
				throw new IllegalArgumentException("displayName is required");
			}
			EntraTenant.Group group = new EntraTenant.Group();
			group.displayName = name;
			for (String upn : strings(body.get("members"))) {
				group.members.add(target.user(upn).objectId);
			}
			target.groups.put(group.objectId, group);
			return ResponseEntity.status(HttpStatus.CREATED)
				.body(Map.of("objectId", group.objectId, "displayName", name, "members", group.members.size()));
		}
	}

	/**
	 * {@code {"displayName", "addMembers": [upn, ...], "removeMembers": [upn, ...]}}.
	 */
	@PatchMapping("/{tenant}/groups/{group}")
	Map<String, Object> updateGroup(@PathVariable String tenant, @PathVariable String group,
			@RequestBody Map<String, Object> body) {
		EntraTenant target = tenant(tenant);
		synchronized (target) {
			EntraTenant.Group found = target.group(group);
			if (body.get("displayName") instanceof String name && !name.isBlank()) {
				found.displayName = name;
			}
			for (String upn : strings(body.get("addMembers"))) {
				found.members.add(target.user(upn).objectId);
			}
			for (String upn : strings(body.get("removeMembers"))) {
				found.members.remove(target.user(upn).objectId);
			}
			return Map.of("objectId", found.objectId, "displayName", found.displayName, "members",
					found.members.size());
		}
	}

	@DeleteMapping("/{tenant}/groups/{group}")
	ResponseEntity<Void> deleteGroup(@PathVariable String tenant, @PathVariable String group) {
		EntraTenant target = tenant(tenant);
		synchronized (target) {
			target.group(group).deleted = true;
		}
		return ResponseEntity.noContent().build();
	}

	/** Test Connection: a match on a random userName that must find nobody. */
	@PostMapping("/{tenant}/test-connection")
	EntraProvisioning.Summary testConnection(@PathVariable String tenant) {
		return provisioning.testConnection(tenant(tenant));
	}

	/** One provisioning cycle, run now; answered when it is done. */
	@PostMapping("/{tenant}/cycle")
	EntraProvisioning.Summary cycle(@PathVariable String tenant) throws InterruptedException {
		return provisioning.cycle(tenant(tenant));
	}

	@GetMapping("/{tenant}/log")
	List<ScimCallLog.Entry> log(@PathVariable String tenant, @RequestParam(defaultValue = "0") long after) {
		return tenant(tenant).log.after(after);
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException ex) {
		return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(ex.getMessage())));
	}

	private static void apply(EntraTenant.User user, Map<String, Object> body) {
		user.givenName = text(body, "givenName", user.givenName);
		user.surname = text(body, "surname", user.surname);
		user.mail = text(body, "mail", user.mail);
		user.jobTitle = text(body, "jobTitle", user.jobTitle);
		user.department = text(body, "department", user.department);
		user.employeeId = text(body, "employeeId", user.employeeId);
		if (body.get("accountEnabled") instanceof Boolean enabled) {
			user.accountEnabled = enabled;
		}
	}

	private static String text(Map<String, Object> body, String field, String current) {
		return body.containsKey(field) ? (String) body.get(field) : current;
	}

	private static List<String> strings(Object value) {
		return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
	}

	private static Map<String, Object> user(EntraTenant.User user) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("objectId", user.objectId);
		row.put("userPrincipalName", user.userPrincipalName);
		row.put("givenName", user.givenName);
		row.put("surname", user.surname);
		row.put("mail", user.mail);
		row.put("accountEnabled", user.accountEnabled);
		row.put("assigned", user.assigned);
		row.put("softDeleted", user.softDeleted);
		row.put("hardDeleted", user.hardDeleted);
		row.put("scimId", user.scimId);
		return row;
	}

	private EntraTenant tenant(String name) {
		return tenants.find(name)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No Entra tenant named " + name));
	}

}
