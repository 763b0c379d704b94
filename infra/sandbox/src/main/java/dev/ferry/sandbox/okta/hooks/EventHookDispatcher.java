package dev.ferry.sandbox.okta.hooks;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import tools.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.ferry.sandbox.okta.Caller;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaTime;
import dev.ferry.sandbox.okta.logs.LogEvent;
import dev.ferry.sandbox.okta.logs.LogEventListener;
import dev.ferry.sandbox.okta.logs.OktaEvents;
import dev.ferry.sandbox.okta.logs.Targets;

/**
 * Event-hook delivery (docs/reference/okta.md §5), always off the request thread: events
 * for an ACTIVE and VERIFIED hook are collected for {@value #BATCH_WINDOW_MILLIS} ms and
 * POSTed together in one envelope with the hook's headers and its {@code Authorization}
 * value verbatim; one retry on a 5xx or timeout, none on a 4xx; a failed delivery is
 * written to the System Log as {@code event_hook.delivery}. With the org's
 * duplicate-and-reorder switch on, each batch arrives with its events reversed, and then
 * again.
 */
@Component
public class EventHookDispatcher implements LogEventListener {

	static final long BATCH_WINDOW_MILLIS = 200;

	private static final Logger log = LoggerFactory.getLogger(EventHookDispatcher.class);

	private final HookHttp http;

	private final JsonMapper json;

	private final Clock clock;

	private final OktaEvents events;

	private final ScheduledExecutorService batcher = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("okta-hook-batcher").daemon().factory());

	private final ExecutorService deliverer = Executors.newFixedThreadPool(4,
			Thread.ofPlatform().name("okta-hook-delivery-", 0).daemon().factory());

	private final Map<EventHook, Batch> pending = new ConcurrentHashMap<>();

	public EventHookDispatcher(HookHttp http, JsonMapper json, Clock clock, OktaEvents events) {
		this.http = http;
		this.json = json;
		this.clock = clock;
		this.events = events;
	}

	@Override
	public void appended(OktaOrg org, String baseUrl, LogEvent event) {
		for (EventHook hook : org.extras().eventHooks().values()) {
			if (!hook.receives(event.eventType())) {
				continue;
			}
			synchronized (pending) {
				Batch batch = pending.get(hook);
				if (batch == null) {
					batch = new Batch(org, baseUrl);
					pending.put(hook, batch);
					batcher.schedule(() -> flush(hook), BATCH_WINDOW_MILLIS, TimeUnit.MILLISECONDS);
				}
				batch.events.add(event);
			}
		}
	}

	private void flush(EventHook hook) {
		Batch batch;
		synchronized (pending) {
			batch = pending.remove(hook);
		}
		if (batch != null) {
			deliverer.execute(() -> deliver(hook, batch));
		}
	}

	private void deliver(EventHook hook, Batch batch) {
		synchronized (hook) {
			boolean chaos = batch.org.extras().duplicateAndReorderDeliveries();
			List<LogEvent> ordered = new ArrayList<>(batch.events);
			if (chaos) {
				Collections.reverse(ordered);
			}
			String body = envelope(hook, batch.baseUrl, ordered);
			Map<String, String> headers = HookHttp.headers(hook.headers(), hook.authScheme());
			HookHttp.Result result = http.post(hook.uri(), body, headers);
			if (chaos) {
				http.post(hook.uri(), body, headers);
			}
			if (!result.ok()) {
				log.info("Event hook {} delivery to {} failed: {} {}", hook.id(), hook.uri(), result.status(),
						result.failure());
				String reason = result.status() == 0 ? result.failure() : "HTTP " + result.status();
				Caller system = new Caller(Caller.Actor.SYSTEM, UUID.randomUUID().toString(), "/", "127.0.0.1",
						"Okta event hooks", batch.baseUrl);
				events.emit(batch.org, system, "event_hook.delivery", "Event hook delivery", "FAILURE", reason,
						List.of(Targets.eventHook(hook.id(), hook.name())));
			}
		}
	}

	private String envelope(EventHook hook, String baseUrl, List<LogEvent> batch) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("eventType", "com.okta.event_hook");
		envelope.put("eventTypeVersion", "1.0");
		envelope.put("cloudEventsVersion", "0.1");
		envelope.put("source", baseUrl + "/api/v1/eventHooks/" + hook.id());
		envelope.put("eventId", UUID.randomUUID().toString());
		envelope.put("eventTime", OktaTime.format(clock.instant()));
		envelope.put("contentType", "application/json");
		envelope.put("data", Map.of("events", batch.stream().map(LogEvent::json).toList()));
		return json.writeValueAsString(envelope);
	}

	@PreDestroy
	void stop() {
		batcher.shutdownNow();
		deliverer.shutdownNow();
	}

	private static final class Batch {

		private final OktaOrg org;

		private final String baseUrl;

		private final List<LogEvent> events = new ArrayList<>();

		Batch(OktaOrg org, String baseUrl) {
			this.org = org;
			this.baseUrl = baseUrl;
		}

	}

}
