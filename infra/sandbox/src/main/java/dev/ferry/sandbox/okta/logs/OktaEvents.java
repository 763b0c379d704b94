package dev.ferry.sandbox.okta.logs;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.ferry.sandbox.okta.Caller;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaTime;

/**
 * Writes System Log events (docs/reference/okta.md §5 LogEvent shape) for every change
 * the management API or the control API makes, and hands each one to the listeners
 * (event-hook delivery).
 */
@Component
public class OktaEvents {

	private static final Logger log = LoggerFactory.getLogger(OktaEvents.class);

	private final Clock clock;

	private final ObjectProvider<LogEventListener> listeners;

	public OktaEvents(Clock clock, ObjectProvider<LogEventListener> listeners) {
		this.clock = clock;
		this.listeners = listeners;
	}

	public LogEvent success(OktaOrg org, Caller caller, String eventType, String displayMessage,
			List<Map<String, Object>> targets) {
		return emit(org, caller, eventType, displayMessage, "SUCCESS", null, targets);
	}

	public LogEvent emit(OktaOrg org, Caller caller, String eventType, String displayMessage, String result,
			String reason, List<Map<String, Object>> targets) {
		Instant now = clock.instant();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("uuid", UUID.randomUUID().toString());
		json.put("published", OktaTime.format(now));
		json.put("eventType", eventType);
		json.put("version", "0");
		json.put("displayMessage", displayMessage);
		json.put("severity", "SUCCESS".equals(result) ? "INFO" : "WARN");
		json.put("legacyEventType", LegacyEventTypes.of(eventType));
		json.put("actor", actor(caller));
		json.put("client", client(caller));
		json.put("device", null);
		json.put("authenticationContext",
				Map.of("authenticationStep", 0, "externalSessionId", "trs" + caller.requestId()));
		json.put("displayMessage", displayMessage);
		Map<String, Object> outcome = new LinkedHashMap<>();
		outcome.put("result", result);
		outcome.put("reason", reason);
		json.put("outcome", outcome);
		json.put("securityContext", new LinkedHashMap<>());
		json.put("debugContext", Map.of("debugData", debugData(caller)));
		json.put("transaction", transaction(caller));
		json.put("request", Map.of("ipChain", List.of(Map.of("ip", caller.ipAddress(), "version", "V4"))));
		json.put("target", targets);
		LogEvent event = org.extras().log().append(now, eventType, json);
		listeners.orderedStream().forEach(listener -> {
			try {
				listener.appended(org, caller.baseUrl(), event);
			}
			catch (RuntimeException ex) {
				log.warn("Log event listener failed for {}", eventType, ex);
			}
		});
		return event;
	}

	private static Map<String, Object> actor(Caller caller) {
		Map<String, Object> actor = new LinkedHashMap<>();
		actor.put("id", caller.actor().id());
		actor.put("type", caller.actor().type());
		actor.put("alternateId", caller.actor().alternateId());
		actor.put("displayName", caller.actor().displayName());
		actor.put("detailEntry", null);
		return actor;
	}

	private static Map<String, Object> client(Caller caller) {
		Map<String, Object> userAgent = new LinkedHashMap<>();
		userAgent.put("rawUserAgent", caller.userAgent());
		userAgent.put("os", "Unknown");
		userAgent.put("browser", "UNKNOWN");
		Map<String, Object> client = new LinkedHashMap<>();
		client.put("userAgent", userAgent);
		client.put("zone", "null");
		client.put("device", "Unknown");
		client.put("id", null);
		client.put("ipAddress", caller.ipAddress());
		client.put("geographicalContext", null);
		return client;
	}

	private static Map<String, Object> debugData(Caller caller) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("requestId", caller.requestId());
		data.put("requestUri", caller.requestUri());
		data.put("url", caller.requestUri());
		return data;
	}

	private static Map<String, Object> transaction(Caller caller) {
		Map<String, Object> transaction = new LinkedHashMap<>();
		transaction.put("type", "WEB");
		transaction.put("id", caller.requestId());
		transaction.put("detail", new LinkedHashMap<>());
		return transaction;
	}

}
