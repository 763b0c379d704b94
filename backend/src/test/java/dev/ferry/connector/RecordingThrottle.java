package dev.ferry.connector;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link Throttle} that only remembers what connectors told it. */
public final class RecordingThrottle implements Throttle {

	private final AtomicInteger acquired = new AtomicInteger();

	private final List<Duration> slowDowns = new CopyOnWriteArrayList<>();

	private final List<long[]> observed = new CopyOnWriteArrayList<>();

	@Override
	public void acquire() {
		acquired.incrementAndGet();
	}

	@Override
	public void slowDown(Duration wait) {
		slowDowns.add(wait);
	}

	@Override
	public void observed(long limit, long remaining, long resetEpochSecond) {
		observed.add(new long[] { remaining, resetEpochSecond });
	}

	public int acquired() {
		return acquired.get();
	}

	public List<Duration> slowDowns() {
		return slowDowns;
	}

	public List<long[]> observed() {
		return observed;
	}

}
