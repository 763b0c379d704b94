package dev.ferry.provisioning.internal.activity;

import org.junit.jupiter.api.Test;

import dev.ferry.provisioning.Operation;
import dev.ferry.provisioning.OperationStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The latency buckets the dashboard's rollup stores: where a latency lands, how
 * percentiles read back, how hours add up, and what an hour of operations counts.
 */
class LatencyHistogramTest {

	@Test
	void bucketsGrowByAQuarterAndAnExactBoundBelongsAbove() {
		assertThat(LatencyHistogram.BOUNDS[0]).isEqualTo(25);
		assertThat(LatencyHistogram.BOUNDS[1]).isEqualTo(31);
		assertThat(LatencyHistogram.bucket(0)).isZero();
		assertThat(LatencyHistogram.bucket(24)).isZero();
		assertThat(LatencyHistogram.bucket(25)).isEqualTo(1);
		assertThat(LatencyHistogram.bucket(-5)).as("clocks a little apart").isZero();
		assertThat(LatencyHistogram.bucket(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
		for (int i = 1; i < LatencyHistogram.BOUNDS.length; i++) {
			assertThat(LatencyHistogram.BOUNDS[i]).isGreaterThan(LatencyHistogram.BOUNDS[i - 1]);
		}
		assertThat(LatencyHistogram.BOUNDS[LatencyHistogram.BOUNDS.length - 1]).as("the last bound: hours")
			.isGreaterThan(6 * 3_600_000L);
	}

	@Test
	void percentilesOfAHundredKnownLatenciesAreWithinTheirBucket() {
		LatencyHistogram histogram = LatencyHistogram.empty();
		for (int ms = 10; ms <= 1000; ms += 10) {
			histogram.add(ms);
		}
		assertThat(histogram.count()).isEqualTo(100);
		// the true median is 500 ms, the true p95 950 ms: a bucket is at most 25 % wide
		assertThat(histogram.percentile(0.5).getAsLong()).isCloseTo(500, within(125L));
		assertThat(histogram.percentile(0.95).getAsLong()).isCloseTo(950, within(240L));
		assertThat(histogram.percentile(0.5).getAsLong()).isLessThanOrEqualTo(histogram.percentile(0.95).getAsLong());
	}

	@Test
	void oneSampleIsItsOwnPercentileAndNoSampleHasNone() {
		LatencyHistogram one = LatencyHistogram.empty();
		one.add(700);
		long bucket = LatencyHistogram.bucket(700);
		long lower = LatencyHistogram.BOUNDS[(int) bucket - 1];
		long upper = LatencyHistogram.BOUNDS[(int) bucket];
		assertThat(one.percentile(0.5).getAsLong()).isBetween(lower, upper);
		assertThat(one.percentile(0.95).getAsLong()).isBetween(lower, upper);
		assertThat(LatencyHistogram.empty().percentile(0.5)).isEmpty();
		assertThat(LatencyHistogram.empty().isEmpty()).isTrue();
	}

	@Test
	void theOpenBucketReadsAsItsLowerBound() {
		LatencyHistogram slow = LatencyHistogram.empty();
		slow.add(Long.MAX_VALUE);
		assertThat(slow.percentile(0.95).getAsLong())
			.isEqualTo(LatencyHistogram.BOUNDS[LatencyHistogram.BOUNDS.length - 1]);
	}

	@Test
	void hoursAddBucketByBucketAndAreStoredWithoutTrailingZeros() {
		LatencyHistogram a = LatencyHistogram.empty();
		a.add(30);
		a.add(30);
		LatencyHistogram b = LatencyHistogram.empty();
		b.add(30);
		b.add(5000);
		LatencyHistogram sum = a.plus(b);
		assertThat(sum.count()).isEqualTo(4);
		assertThat(a.count()).as("unchanged").isEqualTo(2);
		int[] stored = sum.stored();
		assertThat(stored).hasSize(LatencyHistogram.bucket(5000) + 1);
		assertThat(stored[LatencyHistogram.bucket(30)]).isEqualTo(3);
		assertThat(LatencyHistogram.of(stored).percentile(0.5)).isEqualTo(sum.percentile(0.5));
		assertThat(LatencyHistogram.empty().stored()).isEmpty();
	}

	@Test
	void anHourCountsOutcomesByKindAndSamplesOnlyShareFileWork() {
		OperationRollup.Tally tally = new OperationRollup.Tally()
			.add(Operation.Kind.CREATE_ACCOUNT, OperationStatus.APPLIED, 400L)
			.add(Operation.Kind.LINK_ACCOUNT, OperationStatus.APPLIED, null)
			.add(Operation.Kind.UPDATE_ACCOUNT, OperationStatus.APPLIED, 900L)
			.add(Operation.Kind.DISABLE_ACCOUNT, OperationStatus.APPLIED, 1200L)
			.add(Operation.Kind.ADD_MEMBERS, OperationStatus.APPLIED, null)
			.add(Operation.Kind.UPDATE_IDENTITY, OperationStatus.APPLIED, 300L)
			.add(Operation.Kind.CREATE_ACCOUNT, OperationStatus.FAILED, 100L)
			.add(Operation.Kind.CREATE_ACCOUNT, OperationStatus.PLANNED, 100L)
			.add(Operation.Kind.DISABLE_ACCOUNT, OperationStatus.HELD, 100L);
		assertThat(tally.created).isEqualTo(1);
		assertThat(tally.updated).as("a link to an account that exists creates nothing").isEqualTo(3);
		assertThat(tally.disabled).isEqualTo(1);
		assertThat(tally.grouped).isEqualTo(1);
		assertThat(tally.failed).isEqualTo(1);
		assertThat(tally.latency.count()).as("applied in ShareFile with a known change time").isEqualTo(3);
		assertThat(
				new OperationRollup.Tally().add(Operation.Kind.CREATE_ACCOUNT, OperationStatus.PLANNED, 5L).isEmpty())
			.as("a dry run's operations add nothing")
			.isTrue();
	}

}
