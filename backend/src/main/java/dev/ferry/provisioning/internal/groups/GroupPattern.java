package dev.ferry.provisioning.internal.groups;

import java.util.Locale;
import java.util.Optional;

/**
 * A rule that chooses Okta groups by name: a glob matched against the whole name,
 * ignoring case, where {@code *} stands for any characters (none too) and {@code ?} for
 * exactly one; every other character is itself. {@code Sales-*} chooses "Sales-EMEA" and
 * "sales-us", not "Presales-EMEA".
 *
 * <p>
 * A glob rather than a regular expression: admins write group names, not code, a glob
 * cannot be slow on any input (no backtracking blow-up), and a regular expression pasted
 * by mistake is refused with a message instead of silently matching nothing.
 */
public record GroupPattern(String glob) {

	static final int MAX_LENGTH = 255;

	/**
	 * Characters that only mean something in a regular expression: refused so the mistake
	 * is visible.
	 */
	private static final String REGEX_ONLY = "^$[]{}|\\";

	boolean matches(String name) {
		if (name == null) {
			return false;
		}
		String text = name.toLowerCase(Locale.ROOT);
		String pattern = glob.toLowerCase(Locale.ROOT);
		// the classic wildcard match: on a mismatch go back to just after the last '*'
		// and let it swallow
		// one more character; at most name × pattern steps, whatever the input
		int t = 0;
		int p = 0;
		int star = -1;
		int swallowed = 0;
		while (t < text.length()) {
			if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
				t++;
				p++;
			}
			else if (p < pattern.length() && pattern.charAt(p) == '*') {
				star = p++;
				swallowed = t;
			}
			else if (star >= 0) {
				p = star + 1;
				t = ++swallowed;
			}
			else {
				return false;
			}
		}
		while (p < pattern.length() && pattern.charAt(p) == '*') {
			p++;
		}
		return p == pattern.length();
	}

	/**
	 * What is wrong with a pattern as typed, in words for the settings page; empty when
	 * it is usable.
	 */
	public static Optional<String> problem(String glob) {
		if (glob == null || glob.isBlank()) {
			return Optional.of("A pattern cannot be empty.");
		}
		if (glob.length() > MAX_LENGTH || glob.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
			return Optional.of("\"" + shown(glob) + "\": patterns are 1 to " + MAX_LENGTH + " printable characters.");
		}
		for (char c : glob.toCharArray()) {
			if (REGEX_ONLY.indexOf(c) >= 0) {
				return Optional.of(regex(glob, "'" + c + "'"));
			}
		}
		if (glob.contains(".*")) {
			return Optional.of(regex(glob, "'.*'"));
		}
		if (glob.chars().allMatch(c -> c == '*' || c == '?' || Character.isWhitespace(c))) {
			return Optional
				.of("\"" + glob + "\" would push every group of the identity source, Everyone included: give part of "
						+ "the name, e.g. Sales-*.");
		}
		return Optional.empty();
	}

	private static String regex(String glob, String what) {
		return "\"" + shown(glob) + "\": " + what + " is not pattern syntax. Patterns are not regular expressions: "
				+ "* matches any characters and ? one character, e.g. Sales-*.";
	}

	private static String shown(String glob) {
		String printable = glob.replaceAll("\\p{Cntrl}", "?");
		return printable.length() > 60 ? printable.substring(0, 60) + "…" : printable;
	}

}
