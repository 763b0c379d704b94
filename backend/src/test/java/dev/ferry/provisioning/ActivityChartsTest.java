package dev.ferry.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ferry.provisioning.ActivityCharts.Amount;
import dev.ferry.provisioning.ActivityCharts.Tick;
import dev.ferry.provisioning.ProvisioningDashboard.Activity;
import dev.ferry.provisioning.ProvisioningDashboard.Hour;
import dev.ferry.provisioning.ProvisioningDashboard.Stored;
import dev.ferry.provisioning.internal.activity.LatencyHistogram;

import static org.assertj.core.api.Assertions.assertThat;

/** The charts' geometry: round axes, stacked bars in their hour, lines with gaps. */
class ActivityChartsTest {

	static final Instant NOW_HOUR = Instant.parse("2026-12-06T19:00:00Z");

	@Test
	void axesEndOnARoundNumberAtOrAboveTheMaximum() {
		assertThat(ActivityCharts.niceStep(0.25)).isEqualTo(1);
		assertThat(ActivityCharts.niceStep(3.2)).isEqualTo(5);
		assertThat(ActivityCharts.niceStep(180)).isEqualTo(200);
		List<Tick> ticks = ActivityCharts.ticks(37, false);
		assertThat(ticks).extracting(Tick::value).containsExactly(0L, 10L, 20L, 30L, 40L);
		assertThat(ticks.get(0).y()).as("zero at the bottom of the plot")
			.isEqualTo(ActivityCharts.TOP + ActivityCharts.PLOT_HEIGHT);
		assertThat(ticks.get(ticks.size() - 1).y()).as("the top at the top").isEqualTo(ActivityCharts.TOP);
		assertThat(ActivityCharts.ticks(0, false)).extracting(Tick::value).containsExactly(0L, 1L);
		assertThat(ActivityCharts.ticks(1800, true)).extracting(tick -> tick.amount())
			.containsExactly(new Amount("0", "ms"), new Amount("500", "ms"), new Amount("1", "s"),
					new Amount("1.5", "s"), new Amount("2", "s"));
	}

	@Test
	void durationsReadInTheirUnit() {
		assertThat(Amount.of(850)).isEqualTo(new Amount("850", "ms"));
		assertThat(Amount.of(1250)).isEqualTo(new Amount("1.3", "s"));
		assertThat(Amount.of(90_000)).isEqualTo(new Amount("1.5", "min"));
		assertThat(Amount.of(7_200_000)).isEqualTo(new Amount("2", "h"));
	}

	@Test
	void anEmptyWeekIsSaidToBeEmptyWithItsAxesStillSound() {
		ActivityCharts charts = ActivityCharts.of(ProvisioningDashboard.week(NOW_HOUR, List.of()));
		assertThat(charts.operations().empty()).isTrue();
		assertThat(charts.operations().segments()).isEmpty();
		assertThat(charts.latency().empty()).isTrue();
		assertThat(charts.latency().p50()).isEmpty();
		assertThat(charts.latency().weekP50()).isNull();
		// a week from 20:00 on 29 November crosses seven midnights
		assertThat(charts.operations().days()).hasSize(7);
		assertThat(charts.operations().days().get(0).start()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
	}

	@Test
	void barsStackInTheirHourAndLinesBreakAtQuietWindows() {
		Instant lastHour = NOW_HOUR.minus(Duration.ofHours(1));
		LatencyHistogram fast = LatencyHistogram.empty();
		fast.add(400);
		LatencyHistogram older = LatencyHistogram.empty();
		older.add(2000);
		Activity week = ProvisioningDashboard.week(NOW_HOUR,
				List.of(new Stored(new Hour(lastHour, 6, 2, 0, 0, 2), fast),
						new Stored(new Hour(NOW_HOUR.minus(Duration.ofHours(30)), 1, 0, 0, 0, 0), older)));
		ActivityCharts charts = ActivityCharts.of(week);
		assertThat(charts.operations().empty()).isFalse();
		assertThat(charts.operations().max()).isEqualTo(10);
		List<ActivityCharts.Segment> lastHourBars = charts.operations()
			.segments()
			.stream()
			.filter(segment -> segment.hour().start().equals(lastHour))
			.toList();
		assertThat(lastHourBars).extracting(ActivityCharts.Segment::series)
			.containsExactly("created", "updated", "failed");
		assertThat(lastHourBars).allMatch(segment -> segment.x() == ActivityCharts.LEFT + 166 * ActivityCharts.HOUR);
		// stacked: each segment sits on the one below, the whole bar as tall as 10 of 10
		assertThat(lastHourBars.get(0).y() + lastHourBars.get(0).height())
			.isEqualTo(ActivityCharts.TOP + ActivityCharts.PLOT_HEIGHT);
		assertThat(lastHourBars.get(1).y() + lastHourBars.get(1).height()).isEqualTo(lastHourBars.get(0).y());
		assertThat(lastHourBars.get(2).y()).isEqualTo(ActivityCharts.TOP);
		// two windows with samples, far apart: two separate line pieces
		assertThat(charts.latency().p50()).startsWith("M").doesNotContain("L").contains(" M");
		assertThat(charts.latency().rows()).hasSize(2);
		assertThat(charts.latency().p95Points().get(1).y()).as("the faster, later window lower on the chart")
			.isGreaterThan(charts.latency().p95Points().get(0).y());
	}

}
