package dev.ferry.mapping.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean …?" for misspelt names: the closest candidate within two edits. */
public final class Suggestions {

	private Suggestions() {
	}

	public static Optional<String> closest(String name, Collection<String> candidates) {
		if (name == null || name.length() > 64) {
			return Optional.empty();
		}
		return candidates.stream()
			.filter(c -> c.equalsIgnoreCase(name) || distance(name, c) <= Math.min(2, name.length() / 2))
			.min(Comparator.comparingInt((String c) -> c.equalsIgnoreCase(name) ? 0 : 1)
				.thenComparingInt(c -> distance(name, c)));
	}

	/** Levenshtein distance; names are short, so the plain two-row version is enough. */
	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
				current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
