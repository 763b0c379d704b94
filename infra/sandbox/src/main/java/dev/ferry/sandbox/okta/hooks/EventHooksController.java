package dev.ferry.sandbox.okta.hooks;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
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
 * {@code /api/v1/eventHooks} (docs/reference/okta.md §5): CRUD, activate, deactivate, and
 * verify, which sends the one-time GET with {@code x-okta-verification-challenge} and
 * expects the value echoed back as {@code {"verification": ...}} (3 s, one retry; 400
 * when it fails).
 */
@RestController
@RequestMapping("/okta/{orgName}/api/v1/eventHooks")
class EventHooksController {

	static final int MAX_ACTIVE_VERIFIED = 25;

	static final int MAX_EVENT_TYPES = 300;

	private final IdGenerator ids;

	private final Clock clock;

	private final HookHttp http;

	private final JsonMapper json;

	private final OktaEvents events;

	EventHooksController(IdGenerator ids, Clock clock, HookHttp http, JsonMapper json, OktaEvents events) {
		this.ids = ids;
		this.clock = clock;
		this.http = http;
		this.json = json;
		this.events = events;
	}

	@GetMapping
	List<Map<String, Object>> list(@RequestAttribute(ApiAttributes.ORG) OktaOrg org,
			@RequestAttribute(ApiAttributes.CALLER) Caller caller) {
		return org.extras()
			.eventHooks()
			.values()
			.stream()
			.map(hook -> OktaJson.eventHook(hook, caller.baseUrl()))
			.toList();
	}

	@PostMapping
	Map<String, Object> create(@RequestAttribute(ApiAttributes.ORG) OktaOrg org,
			@RequestAttribute(ApiAttributes.CALLER) Caller caller, @RequestBody Map<String, Object> body) {
		HookDefinition definition = HookDefinition.from(body, MAX_EVENT_TYPES);
		EventHook hook = new EventHook(ids.next("who"), clock.instant(), caller.actor().id());
		hook.define(definition.name(), definition.description(), definition.eventTypes(), definition.uri(),
				definition.headers(), definition.authScheme(), clock.instant());
		org.extras().eventHooks().put(hook.id(), hook);
		events.success(org, caller, "event_hook.created", "Event hook created",
				List.of(Targets.eventHook(hook.id(), hook.name())));
		return OktaJson.eventHook(hook, caller.baseUrl());
	}

	@GetMapping("/{hookId}")
	Map<String, Object> get(@RequestAttribute(ApiAttributes.ORG) OktaOrg org,
			@RequestAttribute(ApiAttributes.CALLER) Caller caller, @PathVariable String hookId) {
		return OktaJson.eventHook(find(org, hookId), caller.baseUrl());
	}

	@PutMapping("/{hookId}")
	Map<String, Object> replace(@RequestAttribute(ApiAttributes.ORG) OktaOrg org,
			@RequestAttribute(ApiAttributes.CALLER) Caller caller, @PathVariable String hookId,
			@RequestBody Map<String, Object> body) {
		EventHook hook = find(org, hookId);
		HookDefinition definition = HookDefinition.from(body, MAX_EVENT_TYPES);
		hook.define(definition.name(), definition.description(), definition.eventTypes(), definition.uri(),
				definition.headers(), definition.authScheme() == null ? hook.authScheme() : definition.authScheme(),
				clock.instant());
		events.success(org, caller, "event_hook.updated", "Event hook updated",
				List.of(Targets.eventHook(hook.id(), hook.name())));
		return OktaJson.eventHook(hook, caller.baseUrl());
	}

	/** Only an INACTIVE hook can be deleted. */
	@DeleteMapping("/{hookId}")
	ResponseEntity<Void> delete(@RequestAttribute(ApiAttributes.ORG) OktaOrg org,
			@RequestAttribute(ApiAttributes.CALLER) Caller caller, @PathVariable String hookId) {
		EventHook hook = find(org, hookId);
		if ("ACTIVE".equals(hook.status())) {
			throw OktaApiException.validation("status",
					"status: Cannot delete an active event hook; deactivate it first");
		}
		org.extras().eventHooks().remove(hookId);
		events.success(org, caller, "event_hook.deleted", "Event hook deleted",
				List.of(Targets.eventHook(hook.id(), hook.name())));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{hookId}/lifecycle/{operation}")
	Map<String, Object> lifecycle(@RequestAttribute(ApiAttributes.ORG) OktaOrg org,
			@RequestAttribute(ApiAttributes.CALLER) Caller caller, @PathVariable String hookId,
			@PathVariable String operation) {
		EventHook hook = find(org, hookId);
		switch (operation) {
			case "activate" -> {
				hook.status("ACTIVE", clock.instant());
				events.success(org, caller, "event_hook.activated", "Event hook activated",
						List.of(Targets.eventHook(hook.id(), hook.name())));
			}
			case "deactivate" -> {
				hook.status("INACTIVE", clock.instant());
				events.success(org, caller, "event_hook.deactivated", "Event hook deactivated",
						List.of(Targets.eventHook(hook.id(), hook.name())));
			}
			case "verify" -> verify(org, caller, hook);
			default -> throw OktaApiException.notFound("lifecycle/" + operation);
		}
		return OktaJson.eventHook(hook, caller.baseUrl());
	}

	private void verify(OktaOrg org, Caller caller, EventHook hook) {
		long verified = org.extras()
			.eventHooks()
			.values()
			.stream()
			.filter(other -> other != hook && "ACTIVE".equals(other.status())
					&& "VERIFIED".equals(other.verificationStatus()))
			.count();
		if (verified >= MAX_ACTIVE_VERIFIED) {
			throw OktaApiException.validation("eventHook",
					"eventHook: An org may have at most " + MAX_ACTIVE_VERIFIED + " active and verified event hooks");
		}
		String challenge = java.util.UUID.randomUUID().toString();
		Map<String, String> headers = new java.util.LinkedHashMap<>(
				HookHttp.headers(hook.headers(), hook.authScheme()));
		headers.put("x-okta-verification-challenge", challenge);
		HookHttp.Result result = http.get(hook.uri(), headers);
		if (result.ok() && challenge.equals(verification(result.body()))) {
			hook.verified(clock.instant());
			events.success(org, caller, "event_hook.verified", "Event hook verified",
					List.of(Targets.eventHook(hook.id(), hook.name())));
			return;
		}
		String why = result.status() == 0 ? result.failure()
				: result.ok() ? "the response did not echo the verification challenge" : "HTTP " + result.status();
		events.emit(org, caller, "event_hook.verified", "Event hook verification failed", "FAILURE", why,
				List.of(Targets.eventHook(hook.id(), hook.name())));
		throw OktaApiException.validation("verification", "verification: Event hook verification failed: " + why);
	}

	private String verification(String body) {
		if (body == null || body.isBlank()) {
			return null;
		}
		try {
			JsonNode node = json.readTree(body);
			return node.path("verification").isString() ? node.path("verification").asString() : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static EventHook find(OktaOrg org, String hookId) {
		EventHook hook = org.extras().eventHooks().get(hookId);
		if (hook == null) {
			throw OktaApiException.notFound(hookId + " (EventHook)");
		}
		return hook;
	}

}
