package dev.ferry.sandbox.okta.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.sandbox.okta.Caller;
import dev.ferry.sandbox.okta.OktaApiException;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaUser;
import dev.ferry.sandbox.okta.admin.UserAdmin;

/**
 * {@code /api/v1/users} (docs/reference/okta.md §4, §4.1, §4.2): list, search and page
 * through people, create, read, update, the lifecycle operations, delete, and a person's
 * groups.
 */
@RestController
@RequestMapping("/okta/{orgName}/api/v1/users")
class UsersController {

	private static final int MAX_LIMIT = 200;

	private final UserAdmin users;

	UsersController(UserAdmin users) {
		this.users = users;
	}

	/**
	 * Pages in id order from the {@code after} cursor without sorting or copying the org,
	 * so a page of a 100,000-person org costs what one page of a small org does (plus
	 * skipping non-matches).
	 */
	@GetMapping
	ResponseEntity<List<Map<String, Object>>> list(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @RequestParam(required = false) String filter,
			@RequestParam(required = false) String search, @RequestParam(required = false) String q,
			@RequestParam(required = false) String after, @RequestParam(required = false) Integer limit) {
		if (filter != null && search != null) {
			throw OktaApiException.badRequest("filter and search cannot be used together");
		}
		Predicate<OktaUser> predicate;
		int pageSize;
		if (search != null) {
			predicate = UserQueries.search(search);
			pageSize = Paging.limit(limit, 200, MAX_LIMIT);
		}
		else if (filter != null) {
			predicate = UserQueries.filter(filter);
			pageSize = Paging.limit(limit, 200, MAX_LIMIT);
		}
		else if (q != null) {
			predicate = UserQueries.q(q).and(user -> !"DEPROVISIONED".equals(user.status()));
			pageSize = Paging.limit(limit, 10, MAX_LIMIT);
		}
		else {
			predicate = user -> !"DEPROVISIONED".equals(user.status());
			pageSize = Paging.limit(limit, 200, MAX_LIMIT);
		}
		Iterator<OktaUser> cursor = (after == null ? org.usersById() : org.usersById().tailMap(after, false)).values()
			.iterator();
		List<Map<String, Object>> page = new ArrayList<>(Math.min(pageSize, 256));
		String last = null;
		boolean more = false;
		while (cursor.hasNext()) {
			OktaUser user = cursor.next();
			if (!predicate.test(user)) {
				continue;
			}
			if (page.size() == pageSize) {
				more = true;
				break;
			}
			page.add(OktaJson.user(user, caller.baseUrl()));
			last = user.id();
		}
		// q has no pagination (docs/reference/okta.md §4)
		String next = more && q == null ? last : null;
		return ResponseEntity.ok().headers(Paging.links(next, pageSize)).body(page);
	}

	@PostMapping
	Map<String, Object> create(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @RequestBody Map<String, Object> body,
			@RequestParam(defaultValue = "true") boolean activate) {
		return OktaJson.user(users.create(org, caller, body, activate), caller.baseUrl());
	}

	@GetMapping("/{idOrLogin}")
	Map<String, Object> get(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String idOrLogin) {
		return OktaJson.user(users.find(org, idOrLogin), caller.baseUrl());
	}

	@PostMapping("/{idOrLogin}")
	Map<String, Object> partialUpdate(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String idOrLogin,
			@RequestBody Map<String, Object> body) {
		return OktaJson.user(users.update(org, caller, users.find(org, idOrLogin), body, false), caller.baseUrl());
	}

	@PutMapping("/{idOrLogin}")
	Map<String, Object> replace(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String idOrLogin,
			@RequestBody Map<String, Object> body) {
		return OktaJson.user(users.update(org, caller, users.find(org, idOrLogin), body, true), caller.baseUrl());
	}

	@DeleteMapping("/{idOrLogin}")
	ResponseEntity<Void> delete(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String idOrLogin) {
		users.delete(org, caller, users.find(org, idOrLogin));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{idOrLogin}/lifecycle/{operation}")
	Map<String, Object> lifecycle(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String idOrLogin,
			@PathVariable String operation, @RequestParam(required = false) Boolean sendEmail) {
		OktaUser user = users.find(org, idOrLogin);
		return switch (operation) {
			case "activate" -> users.activate(org, caller, user, sendEmail == null || sendEmail);
			case "reactivate" -> users.reactivate(org, caller, user, sendEmail != null && sendEmail);
			case "deactivate" -> {
				users.deactivate(org, caller, user);
				yield Map.of();
			}
			case "suspend" -> {
				users.suspend(org, caller, user);
				yield Map.of();
			}
			case "unsuspend" -> {
				users.unsuspend(org, caller, user);
				yield Map.of();
			}
			default -> throw OktaApiException.notFound("lifecycle/" + operation);
		};
	}

	@GetMapping("/{idOrLogin}/groups")
	List<Map<String, Object>> groups(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String idOrLogin) {
		OktaUser user = users.find(org, idOrLogin);
		return org.groups()
			.values()
			.stream()
			.filter(group -> org.groupMembers().getOrDefault(group.id(), java.util.Set.of()).contains(user.id()))
			.sorted(java.util.Comparator.comparing(group -> group.id()))
			.map(group -> OktaJson.group(org, group, caller.baseUrl()))
			.toList();
	}

}
