package dev.ferry.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.ferry.provisioning.ProvisioningDashboard.Activity;
import dev.ferry.provisioning.ProvisioningDashboard.Hour;
import dev.ferry.provisioning.ProvisioningDashboard.Window;

/**
 * The dashboard's two charts as SVG geometry, computed on the server so the page needs no
 * chart library (as {@link RunChart}): operations per hour as stacked bars, and change →
 * ShareFile latency (median and 95th percentile) per window of hours as two lines. The
 * template draws what is here; every word comes from the messages. y values are SVG
 * coordinates (0 at the top).
 */
record ActivityCharts(Operations operations, Latency latency) {

	/** Room for the y axis' labels on the left. */
	static final int LEFT = 56;

	static final int TOP = 10;

	static final int PLOT_HEIGHT = 140;

	/** Room for the x axis' day labels below. */
	static final int BOTTOM = 26;

	/** One hour's width in the operations chart: a week is 672 px wide. */
	static final int HOUR = 4;

	static final int PLOT_WIDTH = ProvisioningDashboard.HOURS * HOUR;

	static final int WIDTH = LEFT + PLOT_WIDTH + 12;

	static final int HEIGHT = TOP + PLOT_HEIGHT + BOTTOM;

	/**
	 * The series of the operations chart, bottom up, each with its CSS class and words.
	 */
	enum Series {

		CREATED, UPDATED, DISABLED, GROUPED, FAILED;

		String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		int of(Hour hour) {
			return switch (this) {
				case CREATED -> hour.created();
				case UPDATED -> hour.updated();
				case DISABLED -> hour.disabled();
				case GROUPED -> hour.grouped();
				case FAILED -> hour.failed();
			};
		}

	}

	/** A horizontal grid line with its label. */
	record Tick(int y, long value, Amount amount) {
	}

	/** A day's start on the x axis. */
	record Day(int x, Instant start) {
	}

	/** One series' part of one hour's bar. */
	record Segment(int x, int y, int width, int height, String series, int count, Hour hour) {
	}

	record Operations(boolean empty, long max, List<Tick> ticks, List<Day> days, List<Segment> segments) {
	}

	/** A point of a latency line. */
	record Point(int x, int y, Window window, Amount amount) {
	}

	/** A window with samples, as the data table shows it. */
	record Row(Window window, Amount p50, Amount p95) {
	}

	/**
	 * @param p50 the median's line as an SVG path (a gap where a window had no samples)
	 * @param p95 the 95th percentile's line
	 * @param rows the windows with samples
	 * @param weekP50 the whole week's median, or null without samples
	 */
	record Latency(boolean empty, List<Tick> ticks, List<Day> days, String p50, String p95, List<Point> p50Points,
			List<Point> p95Points, List<Row> rows, Amount weekP50, Amount weekP95) {
	}

	/**
	 * A duration as a person reads it: a number and the unit its message key ends with
	 * ({@code ms}, {@code s}, {@code min}, {@code h}).
	 */
	record Amount(String value, String unit) {

		static Amount of(long millis) {
			if (millis < 1000) {
				return new Amount(Long.toString(millis), "ms");
			}
			if (millis < 60_000) {
				return new Amount(decimal(millis / 1000.0), "s");
			}
			if (millis < 3_600_000) {
				return new Amount(decimal(millis / 60_000.0), "min");
			}
			return new Amount(decimal(millis / 3_600_000.0), "h");
		}

		private static String decimal(double value) {
			String text = String.format(Locale.ROOT, "%.1f", value);
			return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
		}

	}

	// the frame, for the template (which may not read static fields)

	public int width() {
		return WIDTH;
	}

	public int height() {
		return HEIGHT;
	}

	public int left() {
		return LEFT;
	}

	public int right() {
		return LEFT + PLOT_WIDTH;
	}

	public int top() {
		return TOP;
	}

	public int bottom() {
		return TOP + PLOT_HEIGHT;
	}

	/** Where the y axis' labels end, just left of the plot. */
	public int yLabelX() {
		return LEFT - 6;
	}

	/** The baseline of the x axis' day labels. */
	public int xLabelY() {
		return HEIGHT - 8;
	}

	/**
	 * The operations' series, bottom up, by the key their CSS class and words end with.
	 */
	public List<String> series() {
		return java.util.Arrays.stream(Series.values()).map(Series::key).toList();
	}

	static ActivityCharts of(Activity activity) {
		return new ActivityCharts(operations(activity), latency(activity));
	}

	static Operations operations(Activity activity) {
		int max = activity.hours().stream().mapToInt(Hour::total).max().orElse(0);
		List<Tick> ticks = ticks(max, false);
		long top = ticks.get(ticks.size() - 1).value();
		List<Segment> segments = new ArrayList<>();
		List<Hour> hours = activity.hours();
		for (int i = 0; i < hours.size(); i++) {
			Hour hour = hours.get(i);
			int bottom = TOP + PLOT_HEIGHT;
			for (Series series : Series.values()) {
				int count = series.of(hour);
				if (count == 0) {
					continue;
				}
				int height = Math.max(1, (int) Math.round(count * (double) PLOT_HEIGHT / top));
				bottom -= height;
				segments.add(new Segment(LEFT + i * HOUR, bottom, HOUR - 1, height, series.key(), count, hour));
			}
		}
		return new Operations(max == 0, max, ticks, days(activity, HOUR), segments);
	}

	static Latency latency(Activity activity) {
		List<Window> windows = activity.latency();
		long max = windows.stream().filter(w -> w.p95() != null).mapToLong(Window::p95).max().orElse(0);
		List<Tick> ticks = ticks(max, true);
		long top = ticks.get(ticks.size() - 1).value();
		int slot = PLOT_WIDTH / Math.max(1, windows.size());
		List<Point> p50 = new ArrayList<>();
		List<Point> p95 = new ArrayList<>();
		List<Row> rows = new ArrayList<>();
		for (int i = 0; i < windows.size(); i++) {
			Window window = windows.get(i);
			if (window.samples() == 0) {
				continue;
			}
			int x = LEFT + i * slot + slot / 2;
			p50.add(new Point(x, y(window.p50(), top), window, Amount.of(window.p50())));
			p95.add(new Point(x, y(window.p95(), top), window, Amount.of(window.p95())));
			rows.add(new Row(window, Amount.of(window.p50()), Amount.of(window.p95())));
		}
		Window week = activity.weekLatency();
		return new Latency(!activity.hasLatency(), ticks,
				// both plots span the week at the same width
				days(activity, HOUR), path(p50, slot), path(p95, slot), p50, p95, rows,
				week.p50() == null ? null : Amount.of(week.p50()), week.p95() == null ? null : Amount.of(week.p95()));
	}

	private static int y(long value, long top) {
		return TOP + PLOT_HEIGHT - (int) Math.round(value * (double) PLOT_HEIGHT / top);
	}

	/** Points joined by lines, broken where windows without samples lie between them. */
	static String path(List<Point> points, int slot) {
		StringBuilder d = new StringBuilder();
		Point previous = null;
		for (Point point : points) {
			boolean adjacent = previous != null && point.x() - previous.x() == slot;
			d.append(d.isEmpty() ? "" : " ")
				.append(adjacent ? "L" : "M")
				.append(point.x())
				.append(',')
				.append(point.y());
			previous = point;
		}
		return d.toString();
	}

	/**
	 * Grid lines from zero to a round top at or above {@code max}, 2 to 5 steps of 1, 2
	 * or 5 times a power of ten (of milliseconds for durations, labelled in their unit).
	 */
	static List<Tick> ticks(long max, boolean duration) {
		long step = niceStep(Math.max(max, 1) / 4.0);
		long top = Math.max(step, (long) Math.ceil(Math.max(max, 1) / (double) step) * step);
		List<Tick> ticks = new ArrayList<>();
		for (long value = 0; value <= top; value += step) {
			ticks.add(
					new Tick(y(value, top), value, duration ? Amount.of(value) : new Amount(Long.toString(value), "")));
		}
		return ticks;
	}

	/** The smallest of 1, 2, 5 × 10ⁿ at or above {@code rough} (at least 1). */
	static long niceStep(double rough) {
		long power = 1;
		while (true) {
			for (long factor : new long[] { 1, 2, 5 }) {
				if (factor * power >= rough) {
					return factor * power;
				}
			}
			power *= 10;
		}
	}

	/** The x of each UTC midnight in the week, at {@code perHour} px an hour. */
	private static List<Day> days(Activity activity, int perHour) {
		List<Day> days = new ArrayList<>();
		Instant first = activity.from().atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
		if (first.isBefore(activity.from())) {
			first = first.plus(Duration.ofDays(1));
		}
		for (Instant day = first; day.isBefore(activity.to()); day = day.plus(Duration.ofDays(1))) {
			long hours = Duration.between(activity.from(), day).toHours();
			days.add(new Day(LEFT + (int) hours * perHour, day));
		}
		return days;
	}

}
