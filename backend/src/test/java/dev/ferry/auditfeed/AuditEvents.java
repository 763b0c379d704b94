package dev.ferry.auditfeed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import tools.jackson.databind.JsonNode;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.AuditLog;
import dev.ferry.system.TenantContext;

/**
 * Test helpers: audit events written the way Ferry writes them, and the chain recomputed
 * from what the API or a stream sent — independently of Ferry's code, as
 * docs/portal-audit-api.md tells a receiver to.
 */
final class AuditEvents {

	private AuditEvents() {
	}

	static void write(AuditLog audit, UUID tenant, int count, String action) {
		List<AuditEntry> entries = IntStream.range(0, count)
			.mapToObj(i -> new AuditEntry(tenant, AuditEntry.Actor.member("00u" + i, "Person \"" + i + "\""), action,
					"thing", "t-" + i, AuditEntry.Outcome.SUCCESS,
					Map.of("n", i, "text", "ünïcode ✓ " + i, "nested", Map.of("b", 2, "a", List.of(1, "x")))))
			.toList();
		TenantContext.run(tenant, () -> audit.recordAll(entries));
	}

	/** Each event's hash recomputed from its fields and the previous event's hash. */
	static void assertChain(List<JsonNode> events, String prevHashOfFirst) throws Exception {
		String previous = prevHashOfFirst;
		for (JsonNode event : events) {
			String prev = text(event, "prevHash");
			if (previous != null || prev != null) {
				if (!java.util.Objects.equals(previous, prev)) {
					throw new AssertionError("event " + event.get("seq") + " does not link to the one before");
				}
			}
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			if (prev != null) {
				digest.update(HexFormat.of().parseHex(prev));
			}
			List<String> fields = new ArrayList<>(List.of(String.valueOf(event.get("seq").asLong()),
					text(event, "occurredAt"), String.valueOf(text(event, "actorType")),
					String.valueOf(text(event, "actorId")), String.valueOf(text(event, "actorName")),
					text(event, "action"), String.valueOf(text(event, "targetType")),
					String.valueOf(text(event, "targetId")), text(event, "outcome"), text(event, "details")));
			if (event.get("hashVersion").asInt() >= 2) {
				fields.addAll(List.of(String.valueOf(text(event, "tenant")),
						String.valueOf(text(event, "correlationId")), String.valueOf(text(event, "sourceIp"))));
			}
			String hash = HexFormat.of()
				.formatHex(digest.digest(String.join("\u001f", fields).getBytes(StandardCharsets.UTF_8)));
			if (!hash.equals(text(event, "hash"))) {
				throw new AssertionError("event " + event.get("seq") + " does not hash to its hash");
			}
			previous = hash;
		}
	}

	static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return value == null || value.isNull() ? null : value.asString();
	}

}
