package dev.ferry.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The before → after shapes every audited change is stored in. */
@SuppressWarnings("unchecked")
class DiffTest {

	@Test
	void oneValueIsBeforeAndAfterAsText() {
		assertThat(Diff.value("VIEWER", 3)).containsExactly(Map.entry("before", "VIEWER"), Map.entry("after", "3"));
		Map<String, Object> first = Diff.value(null, "groups");
		assertThat(first).containsEntry("before", null).containsEntry("after", "groups");
	}

	@Test
	void attributesListOnlyWhatChanged() {
		Map<String, Object> before = Map.of("orgUrl", "https://a.example", "mode", "SSWS", "clientId", "null");
		Map<String, Object> after = new LinkedHashMap<>();
		after.put("orgUrl", "https://b.example");
		after.put("mode", "SSWS");
		after.put("clientId", "0oa1");
		assertThat(Diff.attributes(before, after)).containsExactly(
				Map.entry("orgUrl", Map.of("before", "https://a.example", "after", "https://b.example")),
				Map.entry("clientId", Map.of("before", "null", "after", "0oa1")));
	}

	@Test
	void aNewConnectionHasNoBefore() {
		Map<String, Object> changes = Diff.attributes(Map.of(), Map.of("baseUrl", "https://acme.example"));
		assertThat(changes).containsOnlyKeys("baseUrl");
		assertThat((Map<String, Object>) changes.get("baseUrl")).containsEntry("before", null)
			.containsEntry("after", "https://acme.example");
	}

	@Test
	void anAttributeThatIsGoneHasNoAfter() {
		Map<String, Object> changes = Diff.attributes(Map.of("old", "x"), Map.of());
		assertThat((Map<String, Object>) changes.get("old")).containsEntry("before", "x").containsEntry("after", null);
	}

	@Test
	void aSecretIsRecordedAsChangedNeverByValue() {
		Map<String, Object> changes = Diff.attributes(Map.of("baseUrl", "u"), Map.of("baseUrl", "u"),
				Set.of("clientSecret"));
		assertThat(changes).containsExactly(Map.entry("clientSecret", "changed"));
	}

	@Test
	void valuesAreComparedAsText() {
		assertThat(Diff.attributes(Map.of("minutes", 15), Map.of("minutes", "15"))).isEmpty();
	}

}
