package dev.ferry.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** Time that passes only when told to: for caches, throttles and windows under test. */
public final class TestClock extends Clock {

	private final AtomicLong millis;

	public TestClock(Instant start) {
		this.millis = new AtomicLong(start.toEpochMilli());
	}

	public void advance(Duration duration) {
		millis.addAndGet(duration.toMillis());
	}

	@Override
	public long millis() {
		return millis.get();
	}

	@Override
	public Instant instant() {
		return Instant.ofEpochMilli(millis());
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("a test clock stays in UTC");
	}

}
