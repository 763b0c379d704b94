package dev.ferry.portal;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.ferry.audit.AuditRecord;
import dev.ferry.audit.Diff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shape {@link Diff} writes is shown as before → after per attribute; the other
 * details as named values; the raw JSON is kept, indented.
 */
class AuditEntryViewTest {

	static final JsonMapper JSON = JsonMapper.shared();

	@Test
	void oneValueIsOneChangeNamedByItsTarget() {
		AuditEntryView view = view(Diff.value("VIEWER", "ADMIN"));
		assertThat(view.changes()).containsExactly(new AuditEntryView.Change(null, "VIEWER", "ADMIN", false));
		assertThat(view.context()).isEmpty();
	}

	@Test
	void attributesAreChangesInTheOrderRecordedWithSecretsNeverShown() {
		Map<String, Object> details = Diff.attributes(Map.of("url", "https://a.example", "user", "ada"),
				new java.util.LinkedHashMap<>(Map.of("url", "https://b.example", "user", "ada")), Set.of("password"));
		AuditEntryView view = view(details);
		assertThat(view.changes()).containsExactly(
				new AuditEntryView.Change("url", "https://a.example", "https://b.example", false),
				new AuditEntryView.Change("password", null, null, true));
	}

	@Test
	void theEnginesChangesAreReadInsideItsDetailsAndTheRestIsContext() {
		String details = """
				{"identity": "00u1", "label": "ada@acme.example", "changes": {"department": {"before": "Sales",
				"after": "Research"}, "title": {"before": null, "after": "Chef"}}, "attempts": 2, "tags": ["a", "b"]}""";
		AuditEntryView view = AuditEntryView.of(record(details), JSON);
		assertThat(view.changes()).containsExactly(new AuditEntryView.Change("department", "Sales", "Research", false),
				new AuditEntryView.Change("title", null, "Chef", false));
		assertThat(view.context()).containsExactly(new AuditEntryView.Value("identity", "00u1"),
				new AuditEntryView.Value("label", "ada@acme.example"), new AuditEntryView.Value("attempts", "2"),
				new AuditEntryView.Value("tags", "[\"a\",\"b\"]"));
		// the raw JSON, indented for reading
		assertThat(view.rawJson()).contains("\n").contains("\"department\"");
	}

	@Test
	void aDetailThatMerelySaysChangedIsNotASecretWithoutChangesBesideIt() {
		AuditEntryView view = view(Map.of("status", "changed"));
		assertThat(view.changes()).isEmpty();
		assertThat(view.context()).containsExactly(new AuditEntryView.Value("status", "changed"));
	}

	@Test
	void whoIsTheNameOrTheKindOfActor() {
		AuditEntryView named = AuditEntryView.of(record("{}"), JSON);
		assertThat(named.who()).isEqualTo("Ada");
		AuditEntryView anonymous = AuditEntryView.of(new AuditRecord(1, 1, Instant.EPOCH, "ANONYMOUS", null, null,
				"access.denied", null, null, "DENIED", "{}", null, "203.0.113.9", "ff"), JSON);
		assertThat(anonymous.who()).isEqualTo("ANONYMOUS");
		assertThat(anonymous.succeeded()).isFalse();
		assertThat(anonymous.changes()).isEmpty();
		assertThat(anonymous.context()).isEmpty();
	}

	private static AuditEntryView view(Map<String, Object> details) {
		return AuditEntryView.of(record(JSON.writeValueAsString(details)), JSON);
	}

	private static AuditRecord record(String details) {
		return new AuditRecord(7, 42, Instant.parse("2026-12-06T20:00:00Z"), "MEMBER", "sub-1", "Ada",
				"member.role_changed", "member", "ada@acme.example", "SUCCESS", details, "corr-1", "203.0.113.9", "ab");
	}

}
