package dev.ferry.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import dev.ferry.system.FerryProperties;
import dev.ferry.system.RequestOrigin;

/**
 * Refused requests from callers Ferry could not authenticate or admit — a hook delivery
 * with the wrong secret, a bogus sign-in callback, a wrong SCIM token, a stranger at
 * another organisation's URL — recorded so that nobody goes unrecorded and nobody can
 * flood an organisation's audit trail (docs/security.md):
 * <ul>
 * <li>per organisation, source and {@value #WINDOW_MINUTES}-minute window, the first
 * {@value #DETAILED} refusals are audited one by one, as they happen; the rest are
 * counted, and when the window has closed one {@code security.refusals_summarised} event
 * says how many there were and from which addresses;</li>
 * <li>a client address that is refused more than {@value #PER_CLIENT_PER_MINUTE} times a
 * minute by one organisation's endpoint of one source is throttled ({@link #throttled}:
 * answer 429) until the minute ends, before Ferry does any work for it.</li>
 * </ul>
 * The counts live in Redis, so a flood costs Ferry no PostgreSQL write and no audit chain
 * lock. When Redis cannot be reached, every refusal is audited one by one (nothing is
 * dropped).
 */
@Service
public class Refusals {

	public static final int DETAILED = 10;

	public static final int WINDOW_MINUTES = 5;

	public static final int PER_CLIENT_PER_MINUTE = 30;

	/** Client addresses a summary lists, by count. */
	private static final int ADDRESSES_KEPT = 50;

	private static final Logger log = LoggerFactory.getLogger(Refusals.class);

	private final StringRedisTemplate redis;

	private final FerryProperties.Redis keys;

	private final AuditLog audit;

	private final Clock clock;

	Refusals(StringRedisTemplate redis, FerryProperties properties, AuditLog audit, Clock clock) {
		this.redis = redis;
		this.keys = properties.redis();
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * Whether the calling client has been refused too often this minute by this endpoint:
	 * then answer 429 without doing anything else. A throttled request still counts in
	 * its window's summary, so a flood shows in the log at its real size.
	 */
	public boolean throttled(UUID tenant, String source) {
		try {
			Instant now = clock.instant();
			String count = redis.opsForValue().get(clientKey(tenant, source, now));
			if (count == null || Long.parseLong(count) < PER_CLIENT_PER_MINUTE) {
				return false;
			}
			count(tenant, source, now);
			return true;
		}
		catch (RuntimeException ex) {
			log.warn("Refusal counts unavailable ({}); not throttling", ex.toString());
			return false;
		}
	}

	/** Seconds until a throttled client may try again (the rest of the minute). */
	public long retryAfterSeconds() {
		return 60 - clock.instant().getEpochSecond() % 60;
	}

	/**
	 * Records one refusal: audited now when it is among the first of its window,
	 * otherwise counted for the window's summary.
	 * @param source what refused it, e.g. {@code okta.event_hook},
	 * {@code signin.callback}, {@code scim}
	 */
	public void refused(String source, AuditEntry entry) {
		Instant now = clock.instant();
		long count;
		try {
			String perClient = clientKey(entry.tenantId(), source, now);
			redis.opsForValue().increment(perClient);
			redis.expire(perClient, Duration.ofMinutes(2));
			count = count(entry.tenantId(), source, now);
		}
		catch (RuntimeException ex) {
			log.warn("Refusal counts unavailable ({}); auditing this refusal on its own", ex.toString());
			audit.recordNow(entry);
			return;
		}
		if (count <= DETAILED) {
			Map<String, Object> details = new LinkedHashMap<>(entry.details());
			details.put("refusalInWindow", count);
			audit.recordNow(new AuditEntry(entry.tenantId(), entry.actor(), entry.action(), entry.targetType(),
					entry.targetId(), entry.outcome(), details));
		}
	}

	/**
	 * Counts one refusal in its window: KEYS[1] the window's count, ARGV[1] its time to
	 * live (s). One key per script, so each runs on whichever Redis Cluster node holds
	 * it.
	 */
	private static final RedisScript<Long> COUNT = new DefaultRedisScript<>("""
			local count = redis.call('INCR', KEYS[1])
			redis.call('EXPIRE', KEYS[1], ARGV[1])
			return count
			""", Long.class);

	/**
	 * Counts the client address in its window: KEYS[1] the window's clients (a hash),
	 * ARGV[1] the client, ARGV[2] the most clients kept, ARGV[3] time to live (s).
	 */
	private static final RedisScript<Long> COUNT_CLIENT = new DefaultRedisScript<>("""
			if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or redis.call('HLEN', KEYS[1]) < tonumber(ARGV[2]) then
			  redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
			  redis.call('EXPIRE', KEYS[1], ARGV[3])
			end
			return 0
			""", Long.class);

	/**
	 * Counts one refusal in its window (and its client address); returns the window's
	 * count so far. The window is registered for its summary first, then counted: a crash
	 * in between leaves a registered window with nothing (or less than
	 * {@value #DETAILED}) counted, which the summary drops, never a counted window nobody
	 * summarises. The three keys may live on different Redis Cluster nodes, so no step
	 * spans two of them.
	 */
	private long count(UUID tenant, String source, Instant now) {
		String client = RequestOrigin.clientIp().orElse("unknown");
		long windowStart = windowStart(now);
		String window = windowKey(tenant, source, windowStart);
		String ttl = Long.toString(WINDOW_MINUTES * 60L * 6);
		redis.opsForZSet()
			.addIfAbsent(keys.key("refusals", "windows"), member(tenant, source, windowStart),
					windowStart + WINDOW_MINUTES * 60_000L);
		Long count = redis.execute(COUNT, List.of(window), ttl);
		redis.execute(COUNT_CLIENT, List.of(window + ":clients"), client, Integer.toString(ADDRESSES_KEPT), ttl);
		return count == null ? 0 : count;
	}

	/**
	 * Writes the summary of every window that has closed; runs in every web process, each
	 * window once.
	 */
	@Scheduled(fixedDelayString = "${ferry.audit.refusal-summary-tick:30s}", initialDelayString = "5s")
	void summariseClosedWindows() {
		try {
			summariseClosedWindows(clock.instant());
		}
		catch (RuntimeException ex) {
			log.warn("Could not summarise refusals: {}", ex.toString());
		}
	}

	/**
	 * @return how many summaries were written
	 */
	public int summariseClosedWindows(Instant now) {
		String windows = keys.key("refusals", "windows");
		Set<String> closed = redis.opsForZSet().rangeByScore(windows, 0, now.toEpochMilli());
		int written = 0;
		for (String member : closed == null ? Set.<String>of() : closed) {
			Long claimed = redis.opsForZSet().remove(windows, member);
			if (claimed == null || claimed == 0) {
				continue; // another process took it
			}
			String[] parts = member.split("\\|", 3);
			UUID tenant = "none".equals(parts[0]) ? null : UUID.fromString(parts[0]);
			String source = parts[1];
			long windowStart = Long.parseLong(parts[2]);
			String window = windowKey(tenant, source, windowStart);
			String total = redis.opsForValue().get(window);
			Map<Object, Object> clients = redis.opsForHash().entries(window + ":clients");
			long count = total == null ? 0 : Long.parseLong(total);
			if (count <= DETAILED) {
				forget(window);
				continue; // every one of them is in the log already
			}
			List<Map<String, Object>> byClient = new ArrayList<>();
			clients.entrySet()
				.stream()
				.sorted(Comparator
					.comparingLong((Map.Entry<Object, Object> e) -> -Long.parseLong((String) e.getValue())))
				.limit(ADDRESSES_KEPT)
				.forEach(e -> byClient.add(Map.of("ip", e.getKey(), "count", Long.parseLong((String) e.getValue()))));
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("source", source);
			details.put("from", Instant.ofEpochMilli(windowStart).toString());
			details.put("to", Instant.ofEpochMilli(windowStart + WINDOW_MINUTES * 60_000L).toString());
			details.put("count", count);
			details.put("auditedOneByOne", DETAILED);
			details.put("clients", byClient);
			if (audit.recordNow(new AuditEntry(tenant, AuditEntry.Actor.anonymous(), "security.refusals_summarised",
					"source", source, AuditEntry.Outcome.DENIED, details))) {
				forget(window);
				written++;
			}
			else {
				// not written (the database is away): the window goes back, to be
				// summarised next time
				redis.opsForZSet().add(windows, member, now.toEpochMilli());
			}
		}
		return written;
	}

	/**
	 * Deletes a window's count and clients, one key at a time (they may be on different
	 * Redis Cluster nodes).
	 */
	private void forget(String window) {
		redis.delete(window);
		redis.delete(window + ":clients");
	}

	private String windowKey(UUID tenant, String source, long windowStart) {
		return keys.key("refusals", tenantKey(tenant), source, Long.toString(windowStart));
	}

	private String clientKey(UUID tenant, String source, Instant now) {
		String client = RequestOrigin.clientIp().orElse("unknown");
		return keys.key("refusals", "client", tenantKey(tenant), source, client,
				Long.toString(now.getEpochSecond() / 60));
	}

	private static String member(UUID tenant, String source, long windowStart) {
		return tenantKey(tenant) + "|" + source + "|" + windowStart;
	}

	private static String tenantKey(UUID tenant) {
		return tenant == null ? "none" : tenant.toString();
	}

	private static long windowStart(Instant now) {
		long window = WINDOW_MINUTES * 60_000L;
		return now.toEpochMilli() / window * window;
	}

}
