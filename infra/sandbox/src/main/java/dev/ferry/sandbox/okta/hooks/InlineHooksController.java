package dev.ferry.sandbox.okta.hooks;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.sandbox.okta.Caller;
import dev.ferry.sandbox.okta.IdGenerator;
import dev.ferry.sandbox.okta.OktaApiException;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.api.ApiAttributes;
import dev.ferry.sandbox.okta.api.OktaJson;
import dev.ferry.sandbox.okta.logs.OktaEvents;
import dev.ferry.sandbox.okta.logs.Targets;

/**
 * {@code /api/v1/inlineHooks} (docs/reference/okta.md §4.4): registration of inline
 * hooks; only the password import type is ever called, and an org may have one of it.
 */
@RestController
@RequestMapping("/okta/{orgName}/api/v1/inlineHooks")
class InlineHooksController {

	private static final List<String> KNOWN_TYPES = List.of(InlineHook.PASSWORD_IMPORT,
			"com.okta.oauth2.tokens.transform", "com.okta.import.transform", "com.okta.saml.tokens.transform",
			"com.okta.user.pre-registration", "com.okta.telephony.provider");

	private final IdGenerator ids;

	private final Clock clock;

	private final OktaEvents events;

	InlineHooksController(IdGenerator ids, Clock clock, OktaEvents events) {
		this.ids = ids;
		this.clock = clock;
		this.events = events;
	}

	@GetMapping
	List<Map<String, Object>> list(@RequestAttribute(ApiAttributes.ORG) OktaOrg org,
			@RequestAttribute(ApiAttributes.CALLER) Caller caller) {
		return org.extras()
			.inlineHooks()
			.values()
			.stream()
			.map(hook -> OktaJson.inlineHook(hook, caller.baseUrl()))
			.toList();
	}

	@PostMapping
	Map<String, Object> create(@RequestAttribute(ApiAttributes.ORG) OktaOrg org,
			@RequestAttribute(ApiAttributes.CALLER) Caller caller, @RequestBody Map<String, Object> body) {
		HookDefinition definition = HookDefinition.from(body, 0);
		String type = body.get("type") instanceof String t ? t : null;
		if (type == null || !KNOWN_TYPES.contains(type)) {
			throw OktaApiException.validation("type", "type: Invalid inline hook type " + type);
		}
		if (InlineHook.PASSWORD_IMPORT.equals(type)
				&& org.extras().inlineHooks().values().stream().anyMatch(hook -> hook.type().equals(type))) {
			throw OktaApiException.validation("type",
					"type: An inline hook of type " + type + " already exists; an org may have only one");
		}
		InlineHook hook = new InlineHook(ids.next("cal"), definition.name(), type,
				body.get("version") instanceof String v ? v : "1.0.0", "ACTIVE", definition.uri(), definition.headers(),
				definition.authScheme(), clock.instant(), clock.instant());
		org.extras().inlineHooks().put(hook.id(), hook);
		events.success(org, caller, "inline_hook.created", "Inline hook created",
				List.of(Targets.inlineHook(hook.id(), hook.name())));
		return OktaJson.inlineHook(hook, caller.baseUrl());
	}

	@GetMapping("/{hookId}")
	Map<String, Object> get(@RequestAttribute(ApiAttributes.ORG) OktaOrg org,
			@RequestAttribute(ApiAttributes.CALLER) Caller caller, @PathVariable String hookId) {
		return OktaJson.inlineHook(find(org, hookId), caller.baseUrl());
	}

	@PostMapping("/{hookId}/lifecycle/{operation}")
	Map<String, Object> lifecycle(@RequestAttribute(ApiAttributes.ORG) OktaOrg org,
			@RequestAttribute(ApiAttributes.CALLER) Caller caller, @PathVariable String hookId,
			@PathVariable String operation) {
		InlineHook hook = find(org, hookId);
		String status = switch (operation) {
			case "activate" -> "ACTIVE";
			case "deactivate" -> "INACTIVE";
			default -> throw OktaApiException.notFound("lifecycle/" + operation);
		};
		InlineHook changed = hook.withStatus(status, clock.instant());
		org.extras().inlineHooks().put(hookId, changed);
		return OktaJson.inlineHook(changed, caller.baseUrl());
	}

	@DeleteMapping("/{hookId}")
	ResponseEntity<Void> delete(@RequestAttribute(ApiAttributes.ORG) OktaOrg org,
			@RequestAttribute(ApiAttributes.CALLER) Caller caller, @PathVariable String hookId) {
		InlineHook hook = find(org, hookId);
		if ("ACTIVE".equals(hook.status())) {
			throw OktaApiException.validation("status",
					"status: Cannot delete an active inline hook; deactivate it first");
		}
		org.extras().inlineHooks().remove(hookId);
		events.success(org, caller, "inline_hook.deleted", "Inline hook deleted",
				List.of(Targets.inlineHook(hook.id(), hook.name())));
		return ResponseEntity.noContent().build();
	}

	private static InlineHook find(OktaOrg org, String hookId) {
		InlineHook hook = org.extras().inlineHooks().get(hookId);
		if (hook == null) {
			throw OktaApiException.notFound(hookId + " (InlineHook)");
		}
		return hook;
	}

}
