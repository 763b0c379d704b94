package dev.ferry.sandbox.sharefile.api;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.sandbox.sharefile.SfGroup;
import dev.ferry.sandbox.sharefile.SfUser;
import dev.ferry.sandbox.sharefile.ShareFileAccount;
import dev.ferry.sandbox.sharefile.ShareFileAccount.MemberRef;
import dev.ferry.sandbox.sharefile.ShareFileException;

import static dev.ferry.sandbox.sharefile.api.ShareFileUsersController.V3;

/**
 * Distribution groups (§4). An employee sees groups they own and shared ones; an
 * administrator sees all. Members are referenced by {@code Id} or {@code Email}; adds are
 * all-or-nothing and capped at 2,000, removes ignore references not in the group, and
 * both answer with the updated member feed.
 */
@RestController
class ShareFileGroupsController {

	private final Clock clock;

	ShareFileGroupsController(Clock clock) {
		this.clock = clock;
	}

	@GetMapping(V3 + "/Groups")
	Map<String, Object> groups(ApiContext context, ODataQuery query) {
		Permissions.requireEmployee(context.caller());
		return context.account().atomically(() -> {
			List<Map<String, Object>> all = new ArrayList<>();
			for (SfGroup group : context.account().groups()) {
				if (visible(context.caller(), group)) {
					all.add(Views.group(context, group, query));
				}
			}
			return Feeds.list(context, query, "Groups", all);
		});
	}

	@GetMapping(V3 + "/Groups({id})")
	Map<String, Object> group(ApiContext context, ODataQuery query, @PathVariable String id) {
		return context.account().atomically(() -> Views.group(context, visibleGroup(context, id), query));
	}

	@PostMapping(V3 + "/Groups")
	Map<String, Object> create(ApiContext context, ODataQuery query, @RequestBody(required = false) JsonNode body) {
		Permissions.requireEmployee(context.caller());
		JsonBody request = JsonBody.object(body);
		boolean shared = request.bool("IsShared").orElse(false);
		if (shared && !context.caller().managesEmployees()) {
			throw ShareFileException.notAuthorized();
		}
		List<MemberRef> members = request.get("Contacts").map(contacts -> refs(contacts)).orElse(List.of());
		ShareFileAccount account = context.account();
		return account.atomically(() -> {
			SfGroup group = account.addGroup(request.text("Name").orElse(null), shared, context.caller().id(),
					clock.instant());
			try {
				account.addMembers(group, members);
			}
			catch (ShareFileException ex) {
				account.removeGroup(group);
				throw ex;
			}
			return Views.group(context, group, query);
		});
	}

	/** Name and IsShared only; {@code Contacts} in the body is ignored (§4). */
	@PatchMapping(V3 + "/Groups({id})")
	Map<String, Object> update(ApiContext context, ODataQuery query, @PathVariable String id,
			@RequestBody(required = false) JsonNode body) {
		JsonBody request = JsonBody.object(body);
		return context.account().atomically(() -> {
			SfGroup group = modifiableGroup(context, id);
			String name = request.text("Name").orElse(null);
			Boolean shared = request.bool("IsShared").orElse(null);
			if (name != null && name.isBlank()) {
				throw ShareFileException.badRequest("Name must not be empty.");
			}
			if (name != null) {
				group.name(name.trim());
			}
			if (shared != null) {
				group.shared(shared);
			}
			return Views.group(context, group, query);
		});
	}

	@DeleteMapping(V3 + "/Groups({id})")
	ResponseEntity<Void> delete(ApiContext context, @PathVariable String id) {
		context.account().atomically(() -> {
			context.account().removeGroup(modifiableGroup(context, id));
			return null;
		});
		return ResponseEntity.noContent().build();
	}

	@GetMapping(V3 + "/Groups({id})/Contacts")
	Map<String, Object> members(ApiContext context, ODataQuery query, @PathVariable String id) {
		return context.account().atomically(() -> memberFeed(context, query, visibleGroup(context, id)));
	}

	@PostMapping(V3 + "/Groups({id})/Contacts")
	Map<String, Object> addMembers(ApiContext context, ODataQuery query, @PathVariable String id,
			@RequestBody(required = false) JsonNode body) {
		List<MemberRef> members = refs(body);
		return context.account().atomically(() -> {
			SfGroup group = modifiableGroup(context, id);
			context.account().addMembers(group, members);
			return memberFeed(context, query, group);
		});
	}

	/**
	 * {@code DELETE} with a body, or {@code POST} +
	 * {@code X-Http-Method-Override: DELETE} as the Java SDK sends it.
	 */
	@DeleteMapping(V3 + "/Groups({id})/Contacts")
	Map<String, Object> removeMembers(ApiContext context, ODataQuery query, @PathVariable String id,
			@RequestBody(required = false) JsonNode body) {
		List<MemberRef> members = refs(body);
		return context.account().atomically(() -> {
			SfGroup group = modifiableGroup(context, id);
			context.account().removeMembers(group, members);
			return memberFeed(context, query, group);
		});
	}

	private static Map<String, Object> memberFeed(ApiContext context, ODataQuery query, SfGroup group) {
		List<Map<String, Object>> all = new ArrayList<>(group.memberIds().size());
		group.memberIds().forEach(memberId -> all.add(Views.member(context, memberId)));
		return Feeds.list(context, query, "Contacts", all);
	}

	private static List<MemberRef> refs(JsonNode body) {
		return JsonBody.array(body, "Contacts")
			.stream()
			.map(item -> new MemberRef(item.text("Id").filter(value -> !value.isBlank()).orElse(null),
					item.text("Email").filter(value -> !value.isBlank()).orElse(null)))
			.toList();
	}

	private static boolean visible(SfUser caller, SfGroup group) {
		return caller.managesEmployees() || group.shared() || caller.id().equals(group.ownerId());
	}

	private static SfGroup visibleGroup(ApiContext context, String id) {
		Permissions.requireEmployee(context.caller());
		return context.account()
			.group(id)
			.filter(group -> visible(context.caller(), group))
			.orElseThrow(ShareFileException::notFound);
	}

	private static SfGroup modifiableGroup(ApiContext context, String id) {
		SfGroup group = visibleGroup(context, id);
		if (!context.caller().managesEmployees() && !context.caller().id().equals(group.ownerId())) {
			throw ShareFileException.notAuthorized();
		}
		return group;
	}

}
