package dev.ferry.work.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.ferry.connector.Throttle;
import dev.ferry.connector.Throttled;
import dev.ferry.system.FerryProperties;
import dev.ferry.test.TestClock;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.work.Throttles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Token buckets shared through Redis: several threads on two separate {@link Throttle}
 * instances of one bucket (as two worker processes would have) together never exceed the
 * rate, and a target's "slow down" or low remaining quota holds all of them back.
 *
 * <p>
 * The buckets live in the real Redis, but time is a {@link TestClock} that moves only
 * when the test moves it or a throttle waits (its {@link RedisThrottles.Sleeper} advances
 * the clock instead of sleeping), so every count and instant below is exact however
 * loaded the machine is.
 */
@FerryIntegrationTest
class ThrottlesIT {

	/** A whole second, so a reset given in epoch seconds falls exactly where meant. */
	private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

	@Autowired
	Throttles applicationThrottles;

	@Autowired
	Clock applicationClock;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	FerryProperties ferry;

	@Autowired
	WorkProperties properties;

	private final TestClock clock = new TestClock(START);

	/** Waits pass on the test's clock, at once. */
	private RedisThrottles throttles;

	@BeforeEach
	void throttlesOnTheTestsClock() {
		throttles = throttles(clock::advance);
	}

	@Test
	void twoInstancesOfOneBucketTogetherGetTheBurstThenTheRate() {
		String bucket = bucket();
		int perMinute = 600; // 10 a second
		Throttle one = throttles.forTarget(bucket, perMinute);
		Throttle two = throttles.forTarget(bucket, perMinute);
		List<Long> calls = callTimes(List.of(one, two), Duration.ofSeconds(4));

		double perSecond = perMinute / 60.0;
		double burst = perSecond * properties.burst();
		assertThat(calls).as("the burst, at once, shared by both instances")
			.filteredOn(t -> t == 0L)
			.hasSize((int) burst);
		// any window of w seconds holds at most the burst plus what w seconds refill
		for (double window : List.of(0.5, 1.0, 2.0, 3.0)) {
			assertThat(maxInWindow(calls, (long) (window * 1000))).as("calls in any %s s window", window)
				.isLessThanOrEqualTo((int) Math.floor(burst + perSecond * window) + 1);
		}
		// after the burst is spent, the pace is the rate: 20 calls in the last two
		// seconds (one either way for rounding at the window's edges)
		assertThat(calls.stream().filter(t -> t >= 2000).count()).isBetween(19L, 21L);
		assertThat(redis.hasKey(ferry.redis().key("throttle", bucket))).as("the bucket, under the key prefix").isTrue();
	}

	@Test
	void threadsOnTwoInstancesOfOneBucketTakeEachTokenOnce() throws Exception {
		// time stands still and nobody may wait: all threads together get exactly what
		// the bucket holds
		RedisThrottles impatient = throttles(refuseToWait());
		String bucket = bucket();
		Throttle one = impatient.forTarget(bucket, 600);
		Throttle two = impatient.forTarget(bucket, 600);
		List<Throttle> perThread = List.of(one, one, one, two, two, two);
		assertThat(tokensTakenTogether(perThread)).as("the burst: 2 s of 10 a second").isEqualTo(20);
		clock.advance(Duration.ofSeconds(1));
		assertThat(tokensTakenTogether(perThread)).as("what one second refills").isEqualTo(10);
	}

	@Test
	void aProcessWhoseClockRunsBehindCannotRefillTheSameTimeTwice() {
		TestClock behind = new TestClock(START.minusSeconds(1));
		String bucket = bucket();
		Throttle ahead = new RedisThrottles(redis, ferry, properties, clock, refuseToWait()).forTarget(bucket, 600);
		Throttle late = new RedisThrottles(redis, ferry, properties, behind, refuseToWait()).forTarget(bucket, 600);
		assertThat(tokensTaken(ahead)).as("the burst").isEqualTo(20);
		assertThat(tokensTaken(late)).as("its clock is a second behind: nothing refilled for it").isZero();
		assertThat(tokensTaken(ahead)).as("no time has passed: the late caller did not set the refill back").isZero();
		clock.advance(Duration.ofSeconds(1));
		assertThat(tokensTaken(ahead)).as("what one second refills").isEqualTo(10);
	}

	@Test
	void slowDownOnOneInstancePausesEveryCallerOfTheBucket() {
		String bucket = bucket();
		Throttle one = throttles.forTarget(bucket, 60_000);
		Throttle two = throttles.forTarget(bucket, 60_000);
		one.acquire();
		two.acquire();
		assertThat(clock.millis()).as("calls flow before the pause").isEqualTo(START.toEpochMilli());

		one.slowDown(Duration.ofMillis(1800));
		clock.advance(Duration.ofMillis(500));
		two.acquire();
		assertThat(clock.millis()).as("the other instance waits out the whole pause, and no longer")
			.isEqualTo(START.toEpochMilli() + 1800);
		one.acquire();
		assertThat(clock.millis()).as("calls resume after the pause").isEqualTo(START.toEpochMilli() + 1800);
	}

	@Test
	void littleRemainingQuotaLowersTheRateAndNoneLeftPausesUntilTheReset() {
		Throttle fast = throttles.forTarget(bucket(), 6000); // 100 a second
		// 6 calls left for the next 4 seconds: about 2 a second at most
		fast.observed(0, 6, START.plusSeconds(4).getEpochSecond());
		List<Long> calls = callTimes(List.of(fast, fast), Duration.ofMillis(1500));
		assertThat(calls.size()).as("far below 100 a second, but going on").isBetween(2, 8);

		String bucket = bucket();
		Throttle exhausted = throttles.forTarget(bucket, 6000);
		clock.advance(Duration.ofSeconds(10));
		// targets report the reset in whole epoch seconds
		Instant resetSoon = clock.instant().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
		exhausted.observed(0, 0, resetSoon.getEpochSecond());
		throttles.forTarget(bucket, 6000).acquire();
		assertThat(clock.instant()).as("waits until the reset, and no longer").isEqualTo(resetSoon);
	}

	@Test
	void aPauseLongerThanAThreadMayWaitIsThrownAtOnceSoTheThreadMovesOn() {
		RedisThrottles impatient = throttles(refuseToWait());
		String bucket = bucket();
		impatient.forTarget(bucket, 60_000).slowDown(Duration.ofSeconds(120));
		Throttled throttled = catchThrowableOfType(Throttled.class,
				() -> impatient.forTarget(bucket, 60_000).acquire());
		assertThat(throttled).as("thrown without waiting at all").isNotNull();
		assertThat(throttled.retryAfter()).isEqualTo(Duration.ofSeconds(120));
		assertThat(throttled.retryable()).isTrue();
		// another target is not held up by it
		impatient.forTarget(bucket(), 60_000).acquire();
	}

	@Test
	void aLimitTheTargetReportsReplacesTheConfiguredGuess() {
		String bucket = bucket();
		Throttle guessed = throttles.forTarget(bucket, 60); // one a second, until the
															// target says otherwise
		guessed.observed(1200, 1200, START.plusSeconds(60).getEpochSecond()); // 20 a
																				// second
		List<Long> calls = callTimes(List.of(guessed, throttles.forTarget(bucket, 60)), Duration.ofMillis(1500));
		assertThat(calls.size()).as("the reported 20 a second: a 2 s burst (40) and 1.5 s more, not the guessed 1")
			.isBetween(68, 71);

		Throttle unreported = throttles.forTarget(bucket(), 60);
		// no limit said: the guess holds
		unreported.observed(0, 1200, clock.instant().plusSeconds(60).getEpochSecond());
		assertThat(callTimes(List.of(unreported), Duration.ofMillis(1500)).size()).isBetween(2, 4);
	}

	@Test
	void theApplicationsThrottlesRunOnTheApplicationsClock() {
		String bucket = bucket();
		long before = applicationClock.millis();
		applicationThrottles.forTarget(bucket, 600).acquire();
		long after = applicationClock.millis();
		Object refilledAt = redis.opsForHash().get(ferry.redis().key("throttle", bucket), "ts");
		assertThat(Double.parseDouble(String.valueOf(refilledAt))).isBetween((double) before, (double) after);
	}

	private RedisThrottles throttles(RedisThrottles.Sleeper sleeper) {
		return new RedisThrottles(redis, ferry, properties, clock, sleeper);
	}

	/**
	 * Calls one throttle after another (each waiting as the bucket says, on the test's
	 * clock) for {@code duration}; the instant of each call in ms from the start.
	 */
	private List<Long> callTimes(List<Throttle> inTurn, Duration duration) {
		long start = clock.millis();
		List<Long> calls = new ArrayList<>();
		for (int i = 0;; i++) {
			inTurn.get(i % inTurn.size()).acquire();
			long at = clock.millis() - start;
			if (at >= duration.toMillis()) {
				return calls;
			}
			calls.add(at);
		}
	}

	/** A sleeper for a clock that stands still: any wait is refused. */
	private static RedisThrottles.Sleeper refuseToWait() {
		return wait -> {
			throw new WouldWait();
		};
	}

	private static int tokensTaken(Throttle throttle) {
		int taken = 0;
		while (true) {
			try {
				throttle.acquire();
				taken++;
			}
			catch (WouldWait refused) {
				return taken;
			}
		}
	}

	/** One thread per throttle, started together, each taking tokens until refused. */
	private static int tokensTakenTogether(List<Throttle> perThread) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(perThread.size());
		try {
			CyclicBarrier start = new CyclicBarrier(perThread.size());
			List<Callable<Integer>> threads = new ArrayList<>();
			for (Throttle throttle : perThread) {
				threads.add(() -> {
					start.await();
					return tokensTaken(throttle);
				});
			}
			int total = 0;
			for (Future<Integer> taken : pool.invokeAll(threads, 30, TimeUnit.SECONDS)) {
				total += taken.get();
			}
			return total;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static int maxInWindow(List<Long> sorted, long windowMillis) {
		int max = 0;
		int from = 0;
		for (int to = 0; to < sorted.size(); to++) {
			while (sorted.get(to) - sorted.get(from) >= windowMillis) {
				from++;
			}
			max = Math.max(max, to - from + 1);
		}
		return max;
	}

	private static String bucket() {
		return "test:" + UUID.randomUUID();
	}

	/** A throttle asked to wait where the test allows none. */
	private static final class WouldWait extends RuntimeException {

	}

}
