package dev.ferry.sandbox.core;

import java.util.Locale;

/**
 * The two kinds of service the sandbox stands in for; each lives under its own path
 * prefix.
 */
public enum TargetKind {

	OKTA, SHAREFILE;

	/** The first path segment: {@code /okta/{org}/...}, {@code /sharefile/{sub}/...}. */
	public String pathSegment() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static TargetKind fromPathSegment(String segment) {
		for (TargetKind kind : values()) {
			if (kind.pathSegment().equals(segment)) {
				return kind;
			}
		}
		throw new IllegalArgumentException("Unknown sandbox target kind: " + segment);
	}

}
