package dev.ferry.mapping.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The fixed set of functions. Each one does a bounded amount of work on its arguments:
 * none loops over anything but its input, and none can produce text longer than
 * {@link Values#MAX_TEXT}. Arguments are evaluated on demand, so {@code if} and
 * {@code coalesce} skip what they do not need.
 */
enum Builtin {

	LOWER("lower", Type.TEXT, a -> mapText(a.text(0), s -> s.toLowerCase(Locale.ROOT)), Param.TEXT),

	UPPER("upper", Type.TEXT, a -> mapText(a.text(0), s -> s.toUpperCase(Locale.ROOT)), Param.TEXT),

	TRIM("trim", Type.TEXT, a -> mapText(a.text(0), String::strip), Param.TEXT),

	CAPITALIZE("capitalize", Type.TEXT, a -> mapText(a.text(0), Builtin::capitalize), Param.TEXT),

	COALESCE("coalesce", Type.ANY, 2, Integer.MAX_VALUE, Builtin::coalesce, Param.VALUE),

	DEFAULT("default", Type.ANY, Builtin::coalesce, Param.VALUE, Param.VALUE),

	CONCAT("concat", Type.TEXT, 1, Integer.MAX_VALUE, Builtin::concat, Param.TEXT),

	SUBSTRING("substring", Type.TEXT, 2, 3, Builtin::substring, Param.TEXT, Param.NUMBER, Param.NUMBER),

	SUBSTRING_BEFORE("substringBefore", Type.TEXT, Builtin::substringBefore, Param.TEXT, Param.TEXT),

	SUBSTRING_AFTER("substringAfter", Type.TEXT, Builtin::substringAfter, Param.TEXT, Param.TEXT),

	REPLACE("replace", Type.TEXT, Builtin::replace, Param.TEXT, Param.TEXT, Param.TEXT),

	LEFT("left", Type.TEXT, a -> take(a, true), Param.TEXT, Param.NUMBER),

	RIGHT("right", Type.TEXT, a -> take(a, false), Param.TEXT, Param.NUMBER),

	LENGTH("length", Type.NUMBER, Builtin::length, Param.TEXT_OR_LIST),

	STARTS_WITH("startsWith", Type.BOOLEAN, a -> test(a, String::startsWith), Param.TEXT, Param.TEXT),

	ENDS_WITH("endsWith", Type.BOOLEAN, a -> test(a, String::endsWith), Param.TEXT, Param.TEXT),

	CONTAINS("contains", Type.BOOLEAN, Builtin::contains, Param.TEXT_OR_LIST, Param.TEXT),

	EQUALS_IGNORE_CASE("equalsIgnoreCase", Type.BOOLEAN,
			a -> Values.textOrEmpty(a.value(0)).equalsIgnoreCase(Values.textOrEmpty(a.value(1))), Param.TEXT,
			Param.TEXT),

	IS_EMPTY("isEmpty", Type.BOOLEAN, a -> Values.isEmpty(a.value(0)), Param.TEXT_OR_LIST),

	IF("if", Type.ANY, a -> Values.truthy(a.value(0)) ? a.value(1) : a.value(2), Param.CONDITION, Param.VALUE,
			Param.VALUE),

	MEMBER_OF("memberOf", Type.BOOLEAN, a -> a.text(0) != null && a.groups().contains(a.text(0)), Param.TEXT),

	JOIN("join", Type.TEXT, Builtin::join, Param.TEXT_OR_LIST, Param.TEXT);

	/**
	 * What a parameter accepts, checked against the argument's {@link Type} when parsing.
	 */
	enum Param {

		TEXT, NUMBER, CONDITION, TEXT_OR_LIST, VALUE;

		/** Why an argument of this type does not fit, or null when it does. */
		String mismatch(Type type) {
			return switch (this) {
				case TEXT -> type == Type.LIST ? "a list is not text" : null;
				case NUMBER -> (type == Type.NUMBER || type == Type.ANY) ? null
						: "expected a number but this is " + type.description();
				case CONDITION -> (type == Type.BOOLEAN || type == Type.ANY) ? null
						: "expected a condition (true or false) but this is " + type.description();
				case TEXT_OR_LIST, VALUE -> null;
			};
		}

	}

	/** Lazy access to a call's arguments, given by the evaluator. */
	interface Arguments {

		int size();

		Object value(int index);

		default String text(int index) {
			return Values.text(value(index));
		}

		List<String> groups();

		/**
		 * Stops a result that would exceed {@link Values#MAX_TEXT}, before it is built.
		 */
		RuntimeException tooLong();

	}

	private final String functionName;

	private final Type resultType;

	private final int minArguments;

	private final int maxArguments;

	private final Function<Arguments, Object> body;

	private final List<Param> params;

	Builtin(String name, Type resultType, Function<Arguments, Object> body, Param... params) {
		this(name, resultType, params.length, params.length, body, params);
	}

	Builtin(String name, Type resultType, int min, int max, Function<Arguments, Object> body, Param... params) {
		this.functionName = name;
		this.resultType = resultType;
		this.minArguments = min;
		this.maxArguments = max;
		this.body = body;
		this.params = List.of(params);
	}

	static Optional<Builtin> named(String name) {
		return Arrays.stream(values()).filter(f -> f.functionName.equals(name)).findFirst();
	}

	static List<String> names() {
		return Arrays.stream(values()).map(Builtin::functionName).toList();
	}

	String functionName() {
		return this.functionName;
	}

	Type resultType() {
		return this.resultType;
	}

	int minArguments() {
		return this.minArguments;
	}

	int maxArguments() {
		return this.maxArguments;
	}

	/** The parameter at index; variadic functions repeat their last one. */
	Param param(int index) {
		return this.params.get(Math.min(index, this.params.size() - 1));
	}

	Object apply(Arguments arguments) {
		return this.body.apply(arguments);
	}

	private static String mapText(String text, UnaryOperator<String> change) {
		return text == null ? null : change.apply(text);
	}

	private static String capitalize(String s) {
		if (s.isEmpty()) {
			return s;
		}
		int first = s.codePointAt(0);
		return Character.toString(Character.toTitleCase(first)) + s.substring(Character.charCount(first));
	}

	/** The first argument that is neither null nor empty, else the last argument. */
	private static Object coalesce(Arguments a) {
		for (int i = 0; i < a.size() - 1; i++) {
			Object value = a.value(i);
			if (!Values.isEmpty(value)) {
				return value;
			}
		}
		return a.value(a.size() - 1);
	}

	private static String concat(Arguments a) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < a.size(); i++) {
			text.append(Values.textOrEmpty(a.value(i)));
			if (text.length() > Values.MAX_TEXT) {
				throw a.tooLong();
			}
		}
		return text.toString();
	}

	private static String substring(Arguments a) {
		String s = a.text(0);
		Integer start = Values.count(a.value(1));
		Integer end = a.size() > 2 ? Values.count(a.value(2)) : Integer.valueOf(Integer.MAX_VALUE);
		if (s == null || start == null || end == null) {
			return null;
		}
		int length = s.codePointCount(0, s.length());
		int from = Math.clamp(start, 0, length);
		int to = Math.clamp(end, from, length);
		return s.substring(s.offsetByCodePoints(0, from), s.offsetByCodePoints(0, to));
	}

	private static String take(Arguments a, boolean fromLeft) {
		String s = a.text(0);
		Integer n = Values.count(a.value(1));
		if (s == null || n == null) {
			return null;
		}
		int length = s.codePointCount(0, s.length());
		int count = Math.clamp(n, 0, length);
		return fromLeft ? s.substring(0, s.offsetByCodePoints(0, count))
				: s.substring(s.offsetByCodePoints(0, length - count));
	}

	/** Text before the first separator; all of it when the separator is absent. */
	private static String substringBefore(Arguments a) {
		String s = a.text(0);
		String separator = Values.textOrEmpty(a.value(1));
		if (s == null) {
			return null;
		}
		int at = s.indexOf(separator);
		return at < 0 ? s : s.substring(0, at);
	}

	/** Text after the first separator; empty when the separator is absent. */
	private static String substringAfter(Arguments a) {
		String s = a.text(0);
		String separator = Values.textOrEmpty(a.value(1));
		if (s == null) {
			return null;
		}
		int at = s.indexOf(separator);
		return at < 0 ? "" : s.substring(at + separator.length());
	}

	private static String replace(Arguments a) {
		String s = a.text(0);
		String find = Values.textOrEmpty(a.value(1));
		String replacement = Values.textOrEmpty(a.value(2));
		if (s == null || find.isEmpty()) {
			return s;
		}
		// Count first: nested replaces could otherwise grow text exponentially before any
		// check.
		long occurrences = 0;
		for (int at = s.indexOf(find); at >= 0; at = s.indexOf(find, at + find.length())) {
			occurrences++;
		}
		if (s.length() + occurrences * (replacement.length() - find.length()) > Values.MAX_TEXT) {
			throw a.tooLong();
		}
		return s.replace(find, replacement);
	}

	private static Long length(Arguments a) {
		Object value = a.value(0);
		if (value instanceof List<?> list) {
			return (long) list.size();
		}
		String s = Values.text(value);
		return s == null ? 0L : s.codePointCount(0, s.length());
	}

	private static boolean test(Arguments a, BiPredicate<String, String> predicate) {
		String s = a.text(0);
		String part = a.text(1);
		return s != null && part != null && predicate.test(s, part);
	}

	/** Text contains a part; a list contains an element. */
	private static boolean contains(Arguments a) {
		Object value = a.value(0);
		String part = a.text(1);
		if (value instanceof List<?> list) {
			return part != null && list.contains(part);
		}
		String s = Values.text(value);
		return s != null && part != null && s.contains(part);
	}

	private static String join(Arguments a) {
		Object value = a.value(0);
		String separator = Values.textOrEmpty(a.value(1));
		if (!(value instanceof List<?> list)) {
			return Values.text(value);
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < list.size(); i++) {
			text.append(i == 0 ? "" : separator).append(list.get(i));
			if (text.length() > Values.MAX_TEXT) {
				throw a.tooLong();
			}
		}
		return text.toString();
	}

}
