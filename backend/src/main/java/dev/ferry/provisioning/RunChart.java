package dev.ferry.provisioning;

import java.util.ArrayList;
import java.util.List;

/**
 * The overview's bar chart, computed on the server so the page needs no chart library:
 * applied and failed operations of each of the last runs, oldest on the left, scaled to
 * the busiest run.
 */
record RunChart(int width, int height, int max, List<Bar> bars) {

	static final int HEIGHT = 120;

	static final int SLOT = 24;

	static final int BAR = 9;

	/**
	 * One run: two bars side by side. The y values are SVG coordinates (0 at the top).
	 */
	record Bar(RunSummary run, int appliedX, int appliedY, int appliedHeight, int failedX, int failedY,
			int failedHeight) {
	}

	/**
	 * @param newestFirst runs as {@link Provisioning#latestRuns(int)} returns them
	 */
	static RunChart of(List<RunSummary> newestFirst) {
		List<RunSummary> runs = new ArrayList<>(newestFirst);
		java.util.Collections.reverse(runs);
		int max = runs.stream().mapToInt(run -> Math.max(run.applied(), run.failed())).max().orElse(0);
		List<Bar> bars = new ArrayList<>();
		for (int i = 0; i < runs.size(); i++) {
			RunSummary run = runs.get(i);
			int applied = scaled(run.applied(), max);
			int failed = scaled(run.failed(), max);
			int x = i * SLOT + 2;
			bars.add(new Bar(run, x, HEIGHT - applied, applied, x + BAR + 1, HEIGHT - failed, failed));
		}
		return new RunChart(Math.max(runs.size(), 1) * SLOT, HEIGHT, max, bars);
	}

	/** A non-zero count always shows at least a sliver. */
	private static int scaled(int count, int max) {
		if (count <= 0 || max <= 0) {
			return 0;
		}
		return Math.max(2, (int) Math.round(count * (double) (HEIGHT - 4) / max));
	}

}
