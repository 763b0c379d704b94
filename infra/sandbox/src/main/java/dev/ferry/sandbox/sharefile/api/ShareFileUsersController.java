package dev.ferry.sandbox.sharefile.api;

import java.time.Clock;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.sandbox.sharefile.SfUser;
import dev.ferry.sandbox.sharefile.ShareFileException;

/**
 * Reading and creating users (§2.2): {@code GET Users} (the caller, or {@code ?id=} /
 * {@code ?emailaddress=}), {@code GET Users(id)}, its {@code Security} and
 * {@code Preferences}, {@code POST Users} (client) and {@code POST Users/AccountUser}
 * (employee). Creates answer 200 with the new user.
 */
@RestController
class ShareFileUsersController {

	static final String V3 = "/sharefile/{sub}/sf/v3";

	private final Clock clock;

	ShareFileUsersController(Clock clock) {
		this.clock = clock;
	}

	@GetMapping(V3 + "/Users")
	Map<String, Object> users(ApiContext context, ODataQuery query) {
		return context.account().atomically(() -> {
			SfUser target = query.param("id")
				.map(id -> find(context, id))
				.or(() -> query.param("emailaddress")
					.map(email -> context.account().userByEmail(email).orElseThrow(ShareFileException::notFound)))
				.orElse(context.caller());
			return view(context, target, query);
		});
	}

	@GetMapping(V3 + "/Users({id})")
	Map<String, Object> user(ApiContext context, ODataQuery query, @PathVariable String id) {
		return context.account().atomically(() -> view(context, find(context, id), query));
	}

	@GetMapping(V3 + "/Users({id})/Security")
	Map<String, Object> security(ApiContext context, @PathVariable String id) {
		return context.account().atomically(() -> Views.security(context, readable(context, id)));
	}

	@GetMapping(V3 + "/Users({id})/Preferences")
	Map<String, Object> preferences(ApiContext context, @PathVariable String id) {
		return context.account().atomically(() -> Views.preferences(context, readable(context, id)));
	}

	@PostMapping(V3 + "/Users")
	Map<String, Object> createClient(ApiContext context, ODataQuery query,
			@RequestBody(required = false) JsonNode body) {
		Permissions.requireManagesClients(context.caller());
		return create(context, query, JsonBody.object(body), false);
	}

	@PostMapping(V3 + "/Users/AccountUser")
	Map<String, Object> createEmployee(ApiContext context, ODataQuery query,
			@RequestBody(required = false) JsonNode body) {
		Permissions.requireManagesEmployees(context.caller());
		return create(context, query, JsonBody.object(body), true);
	}

	private Map<String, Object> create(ApiContext context, ODataQuery query, JsonBody body, boolean employee) {
		boolean ifNecessary = query.flag("ifNecessary", false);
		return context.account().atomically(() -> {
			if (ifNecessary) {
				SfUser existing = body.text("Email")
					.flatMap(email -> context.account().userByEmail(email))
					.orElse(null);
				if (existing != null) {
					return Views.user(context, existing, query);
				}
			}
			SfUser user = UserChanges.create(context.account(), body, employee, clock.instant());
			return Views.user(context, user, query);
		});
	}

	static SfUser find(ApiContext context, String id) {
		return context.account().user(id).orElseThrow(ShareFileException::notFound);
	}

	/** Security and Preferences of another user need the right to manage them. */
	private static SfUser readable(ApiContext context, String id) {
		SfUser target = find(context, id);
		if (target != context.caller()) {
			Permissions.requireManage(context.caller(), target);
		}
		return target;
	}

	private static Map<String, Object> view(ApiContext context, SfUser target, ODataQuery query) {
		if (target == context.caller() || Permissions.canManage(context.caller(), target)) {
			return Views.user(context, target, query);
		}
		return Views.minimalUser(context, target);
	}

}
