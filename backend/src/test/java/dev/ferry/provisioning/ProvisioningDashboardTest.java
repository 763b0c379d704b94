package dev.ferry.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ferry.provisioning.ProvisioningDashboard.Activity;
import dev.ferry.provisioning.ProvisioningDashboard.Hour;
import dev.ferry.provisioning.ProvisioningDashboard.Stored;
import dev.ferry.provisioning.internal.activity.LatencyHistogram;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The week the dashboard draws from the stored hours: every hour present, latency windows
 * of six hours with their percentiles, the week's totals.
 */
class ProvisioningDashboardTest {

	static final Instant NOW_HOUR = Instant.parse("2026-12-06T19:00:00Z");

	static Stored hour(Instant start, int created, int failed, long... latencies) {
		LatencyHistogram histogram = LatencyHistogram.empty();
		for (long latency : latencies) {
			histogram.add(latency);
		}
		return new Stored(new Hour(start, created, 0, 0, 0, failed), histogram);
	}

	@Test
	void aWeekIs168HoursAnd28WindowsEndingWithTheCurrentHour() {
		Activity week = ProvisioningDashboard.week(NOW_HOUR, List.of());
		assertThat(week.hours()).hasSize(168);
		assertThat(week.latency()).hasSize(28);
		assertThat(week.hours().get(167).start()).isEqualTo(NOW_HOUR);
		assertThat(week.from()).isEqualTo(NOW_HOUR.minus(Duration.ofHours(167)));
		assertThat(week.to()).isEqualTo(NOW_HOUR.plus(Duration.ofHours(1)));
		assertThat(week.latency().get(27).start()).isEqualTo(NOW_HOUR.minus(Duration.ofHours(5)));
		assertThat(week.isEmpty()).isTrue();
		assertThat(week.hasLatency()).isFalse();
		assertThat(week.weekLatency().p50()).isNull();
	}

	@Test
	void storedHoursLandInTheirPlaceAndWindowsMergeTheirLatencies() {
		Instant twoHoursAgo = NOW_HOUR.minus(Duration.ofHours(2));
		Instant threeHoursAgo = NOW_HOUR.minus(Duration.ofHours(3));
		Instant tooOld = NOW_HOUR.minus(Duration.ofDays(8));
		Activity week = ProvisioningDashboard.week(NOW_HOUR, List.of(hour(twoHoursAgo, 3, 1, 100, 200, 300),
				hour(threeHoursAgo, 2, 0, 10_000), hour(tooOld, 50, 50, 1)));
		assertThat(week.hours().get(165)).isEqualTo(new Hour(twoHoursAgo, 3, 0, 0, 0, 1));
		assertThat(week.hours().get(164).created()).isEqualTo(2);
		assertThat(week.week().created()).as("the older hour is not in the week").isEqualTo(5);
		assertThat(week.week().failed()).isEqualTo(1);
		assertThat(week.week().total()).isEqualTo(6);
		// both hours are in the last window (14:00 to the end of 19:00)
		ProvisioningDashboard.Window last = week.latency().get(27);
		assertThat(last.samples()).isEqualTo(4);
		assertThat(last.p50()).isBetween(160L, 250L);
		assertThat(last.p95()).isGreaterThan(8_000L);
		assertThat(week.latency().get(26).samples()).isZero();
		assertThat(week.latency().get(26).p50()).isNull();
		assertThat(week.weekLatency().samples()).isEqualTo(4);
		assertThat(week.hasLatency()).isTrue();
		assertThat(week.isEmpty()).isFalse();
	}

}
