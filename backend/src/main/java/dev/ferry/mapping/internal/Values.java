package dev.ferry.mapping.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The value rules of the language in one place: what a value looks like as text, when it
 * counts as true, and how profile values arriving from JSON (Integer, Double, arrays) are
 * brought to the five kinds the language knows: String, Long, BigDecimal, Boolean, null,
 * plus lists of text.
 */
final class Values {

	/** Longest text an operator or function may produce. */
	static final int MAX_TEXT = 4096;

	private Values() {
	}

	static Object normalize(Object value) {
		return switch (value) {
			case null -> null;
			case String s -> s;
			case Boolean b -> b;
			case Long l -> l;
			case Integer i -> i.longValue();
			case Short s -> s.longValue();
			case Byte b -> b.longValue();
			case BigDecimal d -> d;
			case BigInteger i -> new BigDecimal(i);
			case Double d -> d.isNaN() || d.isInfinite() ? null : BigDecimal.valueOf(d);
			case Float f -> f.isNaN() || f.isInfinite() ? null : new BigDecimal(f.toString());
			case Number n -> new BigDecimal(n.toString());
			case Collection<?> c -> textList(c);
			// A nested object is not a value; its attributes are reached with a longer
			// path.
			case Map<?, ?> m -> null;
			default -> value.toString();
		};
	}

	private static List<String> textList(Collection<?> items) {
		List<String> texts = new ArrayList<>(items.size());
		for (Object item : items) {
			if (!(item instanceof Collection<?>) && !(item instanceof Map<?, ?>)) {
				String text = text(normalize(item));
				if (text != null) {
					texts.add(text);
				}
			}
		}
		return List.copyOf(texts);
	}

	/** Text of a value; null stays null. */
	static String text(Object value) {
		return switch (value) {
			case null -> null;
			case String s -> s;
			case BigDecimal d -> d.toPlainString();
			case List<?> l -> String.join(",", l.stream().map(String::valueOf).toList());
			default -> value.toString();
		};
	}

	/** Text where null counts as empty, as {@code +} and {@code ==} see it. */
	static String textOrEmpty(Object value) {
		String text = text(value);
		return text == null ? "" : text;
	}

	/**
	 * true only for true (or the text "true" from a profile, which some sources send).
	 */
	static boolean truthy(Object value) {
		return value instanceof Boolean b ? b : value instanceof String s && s.equalsIgnoreCase("true");
	}

	static boolean isEmpty(Object value) {
		return value == null || (value instanceof String s && s.isEmpty())
				|| (value instanceof List<?> l && l.isEmpty());
	}

	/**
	 * Numbers compare as numbers (1 == 1.0); everything else compares as case-sensitive
	 * text.
	 */
	static boolean same(Object left, Object right) {
		if (left instanceof Number a && right instanceof Number b) {
			return toDecimal(a).compareTo(toDecimal(b)) == 0;
		}
		return textOrEmpty(left).equals(textOrEmpty(right));
	}

	private static BigDecimal toDecimal(Number n) {
		return n instanceof BigDecimal d ? d : BigDecimal.valueOf(n.longValue());
	}

	/**
	 * A count or index argument: numbers and numeric text; null when there is no sensible
	 * number, and clamped to int so a huge literal cannot mean a huge allocation.
	 */
	static Integer count(Object value) {
		BigDecimal number;
		if (value instanceof Long l) {
			number = BigDecimal.valueOf(l);
		}
		else if (value instanceof BigDecimal d) {
			number = d;
		}
		else if (value instanceof String s && s.strip().matches("-?\\d{1,18}")) {
			number = new BigDecimal(s.strip());
		}
		else {
			return null;
		}
		number = number.max(BigDecimal.valueOf(Integer.MIN_VALUE)).min(BigDecimal.valueOf(Integer.MAX_VALUE));
		return number.intValue();
	}

}
