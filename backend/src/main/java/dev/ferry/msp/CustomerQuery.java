package dev.ferry.msp;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What the console shows of the customers: a filter by name (or short name) and by state,
 * and one sort column and direction. Unknown values fall back to the defaults, so a
 * hand-edited address still shows the console.
 *
 * @param text part of the name or short name, any case; empty for all
 * @param sort {@code <column>-<asc|desc>}, e.g. {@code failures-desc}
 */
public record CustomerQuery(String text, State state, Column column, boolean descending) {

	static final CustomerQuery DEFAULT = new CustomerQuery("", State.ALL, Column.NAME, false);

	/** The states the filter offers. */
	public enum State {

		ALL, ATTENTION, HEALTHY, PAUSED, ONBOARDING;

		public boolean matches(CustomerRow row) {
			return switch (this) {
				case ALL -> true;
				case ATTENTION -> row.needsAttention();
				case HEALTHY ->
					!row.needsAttention() && row.provisioningOn() && row.connections() == CustomerRow.Health.OK;
				case PAUSED -> !row.provisioningOn();
				case ONBOARDING -> row.onboarding();
			};
		}

		public String param() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** The columns, each sortable, by its key in addresses. */
	public enum Column {

		NAME(Comparator.comparing((CustomerRow row) -> row.displayName().toLowerCase(Locale.ROOT))),
		CONNECTIONS(Comparator.comparing(CustomerRow::connections)
			.thenComparing(CustomerRow::lastTest, Comparator.nullsFirst(Comparator.naturalOrder()))),
		PROVISIONING(Comparator.comparing(CustomerRow::provisioningOn)), CHANGE(nullsFirst(CustomerRow::lastChange)),
		LINKED(Comparator.comparingLong(CustomerRow::linked)), QUEUED(Comparator.comparingLong(CustomerRow::queued)),
		FAILURES(Comparator.comparingLong(CustomerRow::failures24h)),
		HELD(Comparator.comparingLong(CustomerRow::held24h)), THROTTLED(Comparator.comparing(CustomerRow::throttled));

		private final Comparator<CustomerRow> order;

		Column(Comparator<CustomerRow> order) {
			this.order = order;
		}

		public String param() {
			return name().toLowerCase(Locale.ROOT);
		}

		private static Comparator<CustomerRow> nullsFirst(Function<CustomerRow, Instant> key) {
			return Comparator.comparing(key, Comparator.nullsFirst(Comparator.naturalOrder()));
		}

	}

	static CustomerQuery of(String text, String state, String sort) {
		String[] parts = sort == null ? new String[0] : sort.split("-", 2);
		Column column = find(Column.values(), parts.length > 0 ? parts[0] : null, Column.NAME);
		boolean descending = parts.length > 1 && "desc".equals(parts[1]);
		String cleaned = text == null ? "" : text.strip();
		return new CustomerQuery(cleaned.length() > 120 ? cleaned.substring(0, 120) : cleaned,
				find(State.values(), state, State.ALL), column, descending);
	}

	private static <E extends Enum<E>> E find(E[] values, String param, E otherwise) {
		return param == null ? otherwise
				: Arrays.stream(values)
					.filter(value -> value.name().equalsIgnoreCase(param))
					.findFirst()
					.orElse(otherwise);
	}

	public List<CustomerRow> apply(List<CustomerRow> rows) {
		String needle = text.toLowerCase(Locale.ROOT);
		Comparator<CustomerRow> order = descending ? column.order.reversed() : column.order;
		return rows.stream()
			.filter(row -> needle.isEmpty() || row.displayName().toLowerCase(Locale.ROOT).contains(needle)
					|| row.slug().contains(needle))
			.filter(state::matches)
			.sorted(order.thenComparing(Column.NAME.order).thenComparing(CustomerRow::slug))
			.toList();
	}

	/**
	 * The sort parameter for this column: the other direction when it is the current one.
	 */
	public String sortParam(String columnParam) {
		boolean current = column.param().equals(columnParam);
		// numbers and times read best largest or newest first; names A to Z
		boolean firstDescending = !"name".equals(columnParam);
		boolean next = current ? !descending : firstDescending;
		return columnParam + (next ? "-desc" : "-asc");
	}

	/** {@code aria-sort} of a column header. */
	public String ariaSort(String columnParam) {
		return !column.param().equals(columnParam) ? "none" : descending ? "descending" : "ascending";
	}

	public String sortParam() {
		return column.param() + (descending ? "-desc" : "-asc");
	}

	public String stateParam() {
		return state.param();
	}

	public List<String> states() {
		return Arrays.stream(State.values()).map(State::param).toList();
	}

}
