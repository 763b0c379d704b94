package dev.ferry.sandbox.okta;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Okta's timestamps: always {@code YYYY-MM-DDTHH:mm:ss.SSSZ}, milliseconds included. */
public final class OktaTime {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private OktaTime() {
	}

	public static String format(Instant instant) {
		return instant == null ? null : FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
	}

	/** Parses an ISO-8601 instant ({@code Z} or an offset); null when it is not one. */
	public static Instant parseOrNull(String value) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			try {
				return java.time.OffsetDateTime.parse(value).toInstant();
			}
			catch (DateTimeParseException again) {
				return null;
			}
		}
	}

}
