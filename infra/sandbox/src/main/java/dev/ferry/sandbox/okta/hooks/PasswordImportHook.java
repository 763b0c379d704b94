package dev.ferry.sandbox.okta.hooks;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.ferry.sandbox.okta.Caller;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaTime;
import dev.ferry.sandbox.okta.OktaUser;
import dev.ferry.sandbox.okta.PasswordImport;
import dev.ferry.sandbox.okta.logs.OktaEvents;
import dev.ferry.sandbox.okta.logs.Targets;

/**
 * The password import inline hook call (docs/reference/okta.md §4.4): POSTs the typed
 * username and password to the org's ACTIVE
 * {@code com.okta.user.credential.password.import} hook (3 s, one retry), keeps the
 * password when the hook answers {@code VERIFIED}, and writes
 * {@code user.import.password} with the outcome either way.
 */
@Component
public class PasswordImportHook implements PasswordImport {

	private static final String DEFAULT_BASE = "http://127.0.0.1:9000";

	private final HookHttp http;

	private final JsonMapper json;

	private final Clock clock;

	private final OktaEvents events;

	public PasswordImportHook(HookHttp http, JsonMapper json, Clock clock, OktaEvents events) {
		this.http = http;
		this.json = json;
		this.clock = clock;
		this.events = events;
	}

	@Override
	public boolean verifyAtFirstSignIn(OktaOrg org, OktaUser user, String password) {
		String baseUrl = currentBase() + "/okta/" + org.name();
		Caller caller = new Caller(
				new Caller.Actor(user.id(), "User", user.login(), (user.firstName() + " " + user.lastName()).trim()),
				UUID.randomUUID().toString(), "/okta/" + org.name() + "/login", "127.0.0.1", "Okta sign-in", baseUrl);
		Optional<InlineHook> hook = org.extras()
			.inlineHooks()
			.values()
			.stream()
			.filter(h -> InlineHook.PASSWORD_IMPORT.equals(h.type()) && "ACTIVE".equals(h.status()))
			.findFirst();
		if (hook.isEmpty() || !user.passwordImportHook()) {
			events.emit(org, caller, "user.import.password", "Import password", "FAILURE",
					hook.isEmpty() ? "No active password import inline hook" : "User has no password import hook",
					List.of(target(user)));
			return false;
		}
		HookHttp.Result result = http.post(hook.get().uri(), request(org, hook.get(), user, password, baseUrl, caller),
				HookHttp.headers(hook.get().headers(), hook.get().authScheme()));
		boolean verified = result.ok() && "VERIFIED".equals(credential(result.body()));
		if (verified) {
			synchronized (org) {
				user.password(password, clock.instant());
				user.touched(clock.instant());
			}
			events.success(org, caller, "user.import.password", "Import password", List.of(target(user)));
		}
		else {
			String reason = result.status() == 0 ? result.failure()
					: result.ok() ? "Password verification failed" : "Inline hook returned HTTP " + result.status();
			events.emit(org, caller, "user.import.password", "Import password", "FAILURE", reason,
					List.of(target(user)));
		}
		return verified;
	}

	private String request(OktaOrg org, InlineHook hook, OktaUser user, String password, String baseUrl,
			Caller caller) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("id", caller.requestId());
		request.put("method", "POST");
		request.put("url", Map.of("value", "/api/v1/authn"));
		request.put("ipAddress", caller.ipAddress());
		Map<String, Object> context = new LinkedHashMap<>();
		context.put("request", request);
		context.put("credential", Map.of("username", user.login(), "password", password));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("eventId", UUID.randomUUID().toString());
		body.put("eventTime", OktaTime.format(clock.instant()));
		body.put("eventType", InlineHook.PASSWORD_IMPORT);
		body.put("eventTypeVersion", "1.0");
		body.put("contentType", "application/json");
		body.put("cloudEventVersion", "0.1");
		body.put("source", baseUrl + "/api/v1/inlineHooks/" + hook.id());
		body.put("data", Map.of("context", context, "action", Map.of("credential", "UNVERIFIED")));
		return json.writeValueAsString(body);
	}

	/**
	 * The {@code credential} of the hook's {@code com.okta.action.update} command; null
	 * for an empty reply.
	 */
	private String credential(String body) {
		if (body == null || body.isBlank()) {
			return null;
		}
		try {
			JsonNode commands = json.readTree(body).path("commands");
			String credential = null;
			for (JsonNode command : commands) {
				if ("com.okta.action.update".equals(command.path("type").asString(""))) {
					credential = command.path("value").path("credential").asString(null);
				}
			}
			return credential;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static Map<String, Object> target(OktaUser user) {
		return Targets.target(user.id(), "User", user.login(), (user.firstName() + " " + user.lastName()).trim());
	}

	private static String currentBase() {
		if (RequestContextHolder.getRequestAttributes() == null) {
			return DEFAULT_BASE;
		}
		return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
	}

}
