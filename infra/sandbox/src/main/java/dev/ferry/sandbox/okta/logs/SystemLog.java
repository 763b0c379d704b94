package dev.ferry.sandbox.okta.logs;

import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One org's System Log, in persistence order. Bounded, so bulk loads and long benchmarks
 * do not fill the heap; the oldest events go first (Okta keeps 90 days).
 */
public class SystemLog {

	static final int KEPT = 200_000;

	private final ConcurrentSkipListMap<Long, LogEvent> events = new ConcurrentSkipListMap<>();

	private final AtomicLong sequence = new AtomicLong();

	/**
	 * Appends an event; the sequence is assigned here, in the order events are persisted.
	 */
	public synchronized LogEvent append(Instant published, String eventType, Map<String, Object> json) {
		LogEvent event = new LogEvent(sequence.incrementAndGet(), published, eventType, json);
		events.put(event.sequence(), event);
		while (events.size() > KEPT) {
			events.pollFirstEntry();
		}
		return event;
	}

	public NavigableMap<Long, LogEvent> events() {
		return events;
	}

	public long lastSequence() {
		return sequence.get();
	}

}
