package dev.ferry.sandbox.okta.logs;

import java.time.Instant;
import java.util.Map;

/**
 * One System Log event (docs/reference/okta.md §5 LogEvent shape, kept as the JSON map
 * served by {@code /api/v1/logs} and delivered to event hooks).
 *
 * @param sequence the persistence order in the org's log: the polling cursor
 */
public record LogEvent(long sequence, Instant published, String eventType, Map<String, Object> json) {

}
