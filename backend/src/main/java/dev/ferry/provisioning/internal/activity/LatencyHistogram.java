package dev.ferry.provisioning.internal.activity;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Change → ShareFile latencies counted in buckets whose bounds grow by a quarter (25 ms,
 * 31 ms, 39 ms ... about nine hours, then one open bucket), so an hour's latencies fit in
 * one row of {@code operation_hour} and hours add up bucket by bucket. A percentile read
 * back is interpolated inside its bucket: at most a quarter off, which is as exact as a
 * dashboard needs.
 */
public final class LatencyHistogram {

	/** Upper bounds (exclusive, in milliseconds) of every bucket but the last. */
	static final long[] BOUNDS = bounds(63);

	/** How many buckets there are: the bounded ones and the open one. */
	public static final int BUCKETS = BOUNDS.length + 1;

	private final int[] counts;

	private LatencyHistogram(int[] counts) {
		this.counts = counts;
	}

	public static LatencyHistogram empty() {
		return new LatencyHistogram(new int[BUCKETS]);
	}

	/**
	 * A histogram as stored: counts by bucket, possibly shorter than {@link #BUCKETS}.
	 */
	public static LatencyHistogram of(int[] stored) {
		int[] counts = new int[BUCKETS];
		System.arraycopy(stored, 0, counts, 0, Math.min(stored.length, BUCKETS));
		return new LatencyHistogram(counts);
	}

	private static long[] bounds(int n) {
		long[] bounds = new long[n];
		for (int i = 0; i < n; i++) {
			bounds[i] = Math.round(25 * Math.pow(1.25, i));
		}
		return bounds;
	}

	/**
	 * The bucket a latency falls in (a negative one, from clocks apart, in the first).
	 */
	static int bucket(long millis) {
		int index = Arrays.binarySearch(BOUNDS, Math.max(0, millis));
		// an exact bound belongs to the bucket above it (bounds are exclusive)
		return index >= 0 ? index + 1 : -index - 1;
	}

	public void add(long millis) {
		counts[bucket(millis)]++;
	}

	/** This histogram with another's counts added (neither is changed). */
	public LatencyHistogram plus(LatencyHistogram other) {
		int[] sum = counts.clone();
		for (int i = 0; i < BUCKETS; i++) {
			sum[i] += other.counts[i];
		}
		return new LatencyHistogram(sum);
	}

	public long count() {
		long n = 0;
		for (int c : counts) {
			n += c;
		}
		return n;
	}

	/**
	 * The latency below which {@code fraction} of the samples lie (0.5: the median),
	 * interpolated inside its bucket; empty without samples.
	 */
	public OptionalLong percentile(double fraction) {
		long n = count();
		if (n == 0) {
			return OptionalLong.empty();
		}
		long rank = Math.max(1, (long) Math.ceil(fraction * n));
		long below = 0;
		for (int i = 0; i < BUCKETS; i++) {
			if (below + counts[i] >= rank) {
				long lower = i == 0 ? 0 : BOUNDS[i - 1];
				if (i == BOUNDS.length) {
					// the open bucket: all we know is that it is at least this
					return OptionalLong.of(lower);
				}
				double within = (rank - below) / (double) counts[i];
				return OptionalLong.of(Math.round(lower + (BOUNDS[i] - lower) * within));
			}
			below += counts[i];
		}
		throw new IllegalStateException("unreachable: the ranks add up to the count");
	}

	/** The counts as stored, without trailing empty buckets. */
	public int[] stored() {
		int length = BUCKETS;
		while (length > 0 && counts[length - 1] == 0) {
			length--;
		}
		return Arrays.copyOf(counts, length);
	}

	public boolean isEmpty() {
		return count() == 0;
	}

}
