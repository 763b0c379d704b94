package dev.ferry.provisioning.internal.feed;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.ferry.system.FerryProperties;

/**
 * Windows in which Okta's event hook deliveries may have been lost: Okta retries a failed
 * delivery only once, so a change made while Ferry could not take deliveries would
 * otherwise wait for the next System Log poll (every five minutes once the hook is
 * verified). A gap is noted when a process starts, when the database or Redis comes back
 * after being unreachable, and when a delivery is answered with an error; the scheduler
 * then reads every organisation's System Log at its next tick (docs/work.md, "After an
 * outage"). A gap noted while the database is down is kept in memory and written once it
 * is back.
 */
@Component
public class DeliveryGaps {

	private static final Logger log = LoggerFactory.getLogger(DeliveryGaps.class);

	private final JdbcTemplate jdbc;

	private final StringRedisTemplate redis;

	private final FerryProperties properties;

	private final Clock clock;

	/** A gap not yet written (the database was away), or null. */
	private final AtomicReference<String> pending = new AtomicReference<>();

	private volatile boolean databaseUp = true;

	private volatile boolean redisUp = true;

	DeliveryGaps(JdbcTemplate jdbc, StringRedisTemplate redis, FerryProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.redis = redis;
		this.properties = properties;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	void started() {
		if (properties.runs(FerryProperties.Role.WEB) || properties.runs(FerryProperties.Role.SCHEDULER)) {
			note("process started");
			flush();
		}
	}

	/**
	 * Deliveries may have been missed; the reason goes to the log. Returns at once, never
	 * throws: it is written within a second by {@link #watch}, or as soon as the database
	 * is back.
	 */
	public void note(String reason) {
		pending.set(reason);
	}

	/** When the last gap was noted (EPOCH when never). */
	Instant last() {
		List<Timestamp> at = jdbc.queryForList("select noted_at from delivery_gap where id = 1", Timestamp.class);
		return at.isEmpty() ? Instant.EPOCH : at.get(0).toInstant();
	}

	/**
	 * Every second: notices the database and Redis coming back (each a gap), and writes a
	 * gap noted while the database was away.
	 */
	@Scheduled(fixedDelayString = "${ferry.provisioning.gap-check-interval:1s}", initialDelay = 1000)
	void watch() {
		boolean dbNow = reachable(() -> jdbc.queryForObject("select 1", Integer.class));
		boolean redisNow = reachable(() -> redis.hasKey(properties.redis().key("gap-check")));
		if (dbNow && !databaseUp) {
			pending.compareAndSet(null, "database back");
		}
		if (redisNow && !redisUp) {
			pending.compareAndSet(null, "Redis back");
		}
		databaseUp = dbNow;
		redisUp = redisNow;
		if (dbNow) {
			flush();
		}
	}

	private void flush() {
		String reason = pending.get();
		if (reason == null) {
			return;
		}
		try {
			jdbc.update(
					"insert into delivery_gap (id, noted_at, reason) values (1, ?, ?) on conflict (id) do update "
							+ "set noted_at = excluded.noted_at, reason = excluded.reason",
					Timestamp.from(clock.instant()), reason.length() > 200 ? reason.substring(0, 200) : reason);
			pending.compareAndSet(reason, null);
			log.info("Hook deliveries may have been missed ({}): every organisation's System Log is read now", reason);
		}
		catch (RuntimeException ex) {
			log.debug("Could not note a delivery gap yet ({}): {}", reason, ex.toString());
		}
	}

	private static boolean reachable(Runnable probe) {
		try {
			probe.run();
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
