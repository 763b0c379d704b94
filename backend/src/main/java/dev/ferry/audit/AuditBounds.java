package dev.ferry.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes every audit entry fit its columns, whatever a caller (or an attacker, through a
 * URL or a header) put in it. A value too long for its column is cut and ends with
 * {@code …#} and the first 16 hex digits of the SHA-256 of the whole value, so two long
 * values stay distinguishable; the whole value (up to {@value #MAX_DETAIL} characters) is
 * kept in the details, e.g. {@code targetIdFull}.
 */
final class AuditBounds {

	/** Column sizes of audit_event (V2). */
	static final int ACTOR_ID = 255, ACTOR_NAME = 255, ACTION = 64, TARGET_TYPE = 64, TARGET_ID = 255;

	/** The longest text kept in one details value. */
	static final int MAX_DETAIL = 8192;

	private AuditBounds() {
	}

	static AuditEntry fit(AuditEntry entry) {
		Map<String, Object> details = new LinkedHashMap<>();
		entry.details().forEach((key, value) -> details.put(cut(key, ACTION), detail(value)));
		String targetId = entry.targetId();
		if (targetId != null && targetId.length() > TARGET_ID) {
			details.put("targetIdFull", cut(targetId, MAX_DETAIL));
		}
		AuditEntry.Actor actor = entry.actor();
		return new AuditEntry(entry.tenantId(),
				new AuditEntry.Actor(actor.type(), cut(actor.id(), ACTOR_ID), cut(actor.name(), ACTOR_NAME)),
				cut(entry.action(), ACTION), cut(entry.targetType(), TARGET_TYPE), cut(targetId, TARGET_ID),
				entry.outcome(), details);
	}

	/**
	 * A details value made storable at any depth: texts cut and cleaned, maps and lists
	 * walked.
	 */
	private static Object detail(Object value) {
		if (value instanceof String text) {
			return cut(text, MAX_DETAIL);
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> clean = new LinkedHashMap<>();
			map.forEach((key, inner) -> clean.put(cut(String.valueOf(key), ACTION), detail(inner)));
			return clean;
		}
		if (value instanceof java.util.Collection<?> list) {
			return list.stream().map(AuditBounds::detail).toList();
		}
		return value;
	}

	/**
	 * {@code value} when it fits in {@code max} characters, else its start, {@code …#}
	 * and a hash; NUL (which neither a PostgreSQL text column nor jsonb can hold) becomes
	 * U+FFFD.
	 */
	static String cut(String value, int max) {
		if (value != null && value.indexOf('\u0000') >= 0) {
			value = value.replace('\u0000', '\uFFFD');
		}
		if (value == null || value.length() <= max) {
			return value;
		}
		String mark = "…#" + HexFormat.of().formatHex(sha256(value), 0, 8);
		int keep = max - mark.length();
		if (keep > 0 && Character.isHighSurrogate(value.charAt(keep - 1))) {
			keep--;
		}
		return value.substring(0, Math.max(0, keep)) + mark;
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
