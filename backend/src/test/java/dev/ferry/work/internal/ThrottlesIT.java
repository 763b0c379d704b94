package dev.ferry.work.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.ferry.connector.Throttle;
import dev.ferry.connector.Throttled;
import dev.ferry.system.FerryProperties;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.work.Throttles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token buckets shared through Redis: several threads on two separate {@link Throttle}
 * instances of one bucket (as two worker processes would have) together never exceed the
 * rate, and a target's "slow down" or low remaining quota holds all of them back.
 */
@FerryIntegrationTest
class ThrottlesIT {

	@Autowired
	Throttles throttles;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	FerryProperties ferry;

	@Autowired
	WorkProperties properties;

	@Test
	void threadsOnTwoInstancesOfOneBucketTogetherStayWithinTheRate() throws Exception {
		String bucket = bucket();
		int perMinute = 600; // 10 a second
		Throttle one = throttles.forTarget(bucket, perMinute);
		Throttle two = throttles.forTarget(bucket, perMinute);
		List<Long> calls = hammer(List.of(one, one, one, two, two, two), Duration.ofSeconds(4));

		double perSecond = perMinute / 60.0;
		double burst = perSecond * properties.burst();
		// any window of w seconds holds at most the burst plus what w seconds refill (one
		// more for rounding)
		for (double window : List.of(0.5, 1.0, 2.0, 3.0)) {
			assertThat(maxInWindow(calls, Duration.ofMillis((long) (window * 1000))))
				.as("calls in any %s s window", window)
				.isLessThanOrEqualTo((int) Math.floor(burst + perSecond * window) + 1);
		}
		// after the burst is spent, the pace is the rate: in the last two seconds about
		// 20 calls
		long end = calls.getLast();
		long lastTwoSeconds = calls.stream().filter(t -> t > end - TimeUnit.SECONDS.toNanos(2)).count();
		assertThat(lastTwoSeconds).isBetween(15L, 22L);
		assertThat(redis.keys(ferry.redis().key("throttle", "*")))
			.allMatch(k -> k.startsWith(ferry.redis().keyPrefix()));
	}

	@Test
	void slowDownOnOneInstancePausesEveryCallerOfTheBucket() throws Exception {
		String bucket = bucket();
		Throttle one = throttles.forTarget(bucket, 60_000);
		Throttle two = throttles.forTarget(bucket, 60_000);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		ConcurrentLinkedQueue<Long> calls = new ConcurrentLinkedQueue<>();
		long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
		List<Future<?>> running = new ArrayList<>();
		for (Throttle throttle : List.of(one, one, two, two)) {
			running.add(pool.submit(() -> {
				while (System.nanoTime() < stopAt) {
					throttle.acquire();
					calls.add(System.nanoTime());
					sleep(5);
				}
			}));
		}
		// calls are flowing before the pause (the assertions below need calls on both
		// sides of it)
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() >= 20);
		long pausedAt = System.nanoTime();
		one.slowDown(Duration.ofMillis(1200));
		for (Future<?> future : running) {
			future.get(20, TimeUnit.SECONDS);
		}
		pool.shutdown();

		// a call already past acquire() may land just after; none may be taken during the
		// pause
		long quietFrom = pausedAt + TimeUnit.MILLISECONDS.toNanos(50);
		long quietUntil = pausedAt + TimeUnit.MILLISECONDS.toNanos(1150);
		assertThat(calls).filteredOn(t -> t > quietFrom && t < quietUntil).isEmpty();
		assertThat(calls).filteredOn(t -> t < pausedAt).isNotEmpty();
		assertThat(calls).as("calls resume after the pause").filteredOn(t -> t > quietUntil).isNotEmpty();
	}

	@Test
	void littleRemainingQuotaLowersTheRateAndNoneLeftPausesUntilTheReset() throws Exception {
		Throttle fast = throttles.forTarget(bucket(), 6000); // 100 a second
		long reset = Instant.now().plusSeconds(4).getEpochSecond();
		fast.observed(0, 6, reset); // 6 calls left for the next 3-4 seconds: about 2 a
									// second at most
		List<Long> calls = hammer(List.of(fast, fast), Duration.ofMillis(1500));
		assertThat(calls.size()).as("far below 100 a second").isLessThanOrEqualTo(8);

		String bucket = bucket();
		Throttle exhausted = throttles.forTarget(bucket, 6000);
		long resetSoon = Instant.now().plusSeconds(2).getEpochSecond();
		exhausted.observed(0, 0, resetSoon);
		long start = System.nanoTime();
		throttles.forTarget(bucket, 6000).acquire();
		long waitedUntilMillis = Instant.now().toEpochMilli();
		assertThat(waitedUntilMillis).as("waits until the reset").isGreaterThanOrEqualTo(resetSoon * 1000 - 20);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(900));
	}

	@Test
	void aPauseLongerThanAThreadMayWaitIsThrownAtOnceSoTheThreadMovesOn() {
		String bucket = bucket();
		Throttle one = throttles.forTarget(bucket, 60_000);
		one.slowDown(Duration.ofSeconds(120));
		long start = System.nanoTime();
		Throttled throttled = org.assertj.core.api.Assertions.catchThrowableOfType(Throttled.class,
				() -> throttles.forTarget(bucket, 60_000).acquire());
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no waiting at all")
			.isLessThan(Duration.ofMillis(500));
		assertThat(throttled.retryAfter()).isBetween(Duration.ofSeconds(115), Duration.ofSeconds(121));
		assertThat(throttled.retryable()).isTrue();
		// another target is not held up by it
		throttles.forTarget(bucket(), 60_000).acquire();
	}

	@Test
	void aLimitTheTargetReportsReplacesTheConfiguredGuess() throws Exception {
		String bucket = bucket();
		Throttle guessed = throttles.forTarget(bucket, 60); // one a second, until the
															// target says otherwise
		guessed.observed(1200, 1200, Instant.now().plusSeconds(60).getEpochSecond()); // 20
																						// a
																						// second
		List<Long> calls = hammer(List.of(guessed, throttles.forTarget(bucket, 60)), Duration.ofMillis(1500));
		assertThat(calls.size()).as("paced at the reported 20 a second, not the guessed 1").isGreaterThan(20);

		String other = bucket();
		Throttle unreported = throttles.forTarget(other, 60);
		unreported.observed(0, 1200, Instant.now().plusSeconds(60).getEpochSecond()); // no
																						// limit
																						// said:
																						// the
																						// guess
																						// holds
		assertThat(hammer(List.of(unreported), Duration.ofMillis(1500)).size()).isLessThanOrEqualTo(4);
	}

	private List<Long> hammer(List<Throttle> perThread, Duration duration) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(perThread.size());
		ConcurrentLinkedQueue<Long> calls = new ConcurrentLinkedQueue<>();
		long stopAt = System.nanoTime() + duration.toNanos();
		List<Future<?>> running = new ArrayList<>();
		for (Throttle throttle : perThread) {
			running.add(pool.submit(() -> {
				while (System.nanoTime() < stopAt) {
					throttle.acquire();
					if (System.nanoTime() < stopAt) {
						calls.add(System.nanoTime());
					}
				}
			}));
		}
		for (Future<?> future : running) {
			future.get(duration.toSeconds() + 20, TimeUnit.SECONDS);
		}
		pool.shutdown();
		List<Long> sorted = new ArrayList<>(calls);
		Collections.sort(sorted);
		return sorted;
	}

	private static int maxInWindow(List<Long> sorted, Duration window) {
		int max = 0;
		int from = 0;
		for (int to = 0; to < sorted.size(); to++) {
			while (sorted.get(to) - sorted.get(from) >= window.toNanos()) {
				from++;
			}
			max = Math.max(max, to - from + 1);
		}
		return max;
	}

	private static String bucket() {
		return "test:" + UUID.randomUUID();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
