package dev.ferry.audit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ferry.system.TenantContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;

/**
 * An export is a zip whose rows carry every hashed field exactly as hashed and whose
 * manifest says what it covers; the offline verifier, run as an auditor runs it (a JDK,
 * the tool's one source file, the zip), accepts a true chain in either format, with hash
 * layouts 1 and 2 and awkward values (quotes, new lines, formulas, apostrophes, absent
 * values, non-ASCII), and names the first row that was changed, a missing row, or a
 * manifest that does not match.
 */
class AuditExportTest {

	static final UUID TENANT = UUID.fromString("0b0b0b0b-1111-2222-3333-444444444444");

	static final Instant AT = Instant.parse("2026-12-06T20:15:00.123456Z");

	final AuditQuery query = mock(AuditQuery.class);

	final AuditExport export = new AuditExport(query, JsonMapper.shared(),
			Clock.fixed(Instant.parse("2026-12-06T21:00:00Z"), ZoneOffset.UTC));

	@TempDir
	Path dir;

	@Test
	void aWholeChainExportedAsNdjsonOrCsvIsVerifiedOffline() throws Exception {
		List<AuditRecord> chain = chain(8, UnaryOperator.identity());
		for (AuditExport.Format format : AuditExport.Format.values()) {
			Path zip = write(chain, AuditFilter.NONE, format);
			Map<String, JsonNode> manifest = manifest(zip);
			JsonNode m = manifest.get("manifest.json");
			assertThat(m.get("rowCount").asLong()).isEqualTo(8);
			assertThat(m.get("firstSeq").asLong()).isEqualTo(1);
			assertThat(m.get("lastSeq").asLong()).isEqualTo(8);
			assertThat(m.get("firstPrevHash").isNull()).isTrue();
			assertThat(m.get("lastHash").asString()).isEqualTo(chain.get(7).hash());
			assertThat(m.get("segments").asLong()).isEqualTo(1);
			assertThat(m.get("contiguous").asBoolean()).isTrue();
			assertThat(m.get("hashVersions").get("1").asLong()).isEqualTo(2);
			assertThat(m.get("hashVersions").get("2").asLong()).isEqualTo(6);
			assertThat(m.get("file").asString()).isEqualTo("events." + format.extension());
			assertThat(m.get("tenantId").asString()).isEqualTo(TENANT.toString());

			OfflineVerifier.Verdict verdict = OfflineVerifier.run(zip);
			assertThat(verdict.output()).as(format + " export").contains("VERIFIED").contains("8 rows");
			assertThat(verdict.exitCode()).isZero();
		}
	}

	@Test
	void aRowChangedAfterItWasWrittenIsNamedAsTheFirstBadRow() throws Exception {
		// the database row's actor name changed, its hash left as it was
		List<AuditRecord> chain = chain(8, event -> event.chainSeq() == 5 ? with(event, "Mallory") : event);
		for (AuditExport.Format format : AuditExport.Format.values()) {
			OfflineVerifier.Verdict verdict = OfflineVerifier.run(write(chain, AuditFilter.NONE, format));
			assertThat(verdict.exitCode()).isEqualTo(1);
			assertThat(verdict.output()).contains("FAILED")
				.contains("the first bad row is line " + (format == AuditExport.Format.CSV ? 7 : 5) + ", event 5")
				.contains("its hash does not match its content");
		}
	}

	@Test
	void aFilteredExportIsCheckedSegmentBySegmentAndAGapInAWholeStretchIsReported() throws Exception {
		List<AuditRecord> chain = chain(10, UnaryOperator.identity());
		List<AuditRecord> successes = chain.stream().filter(e -> e.chainSeq() % 3 != 0).toList();
		AuditFilter filtered = new AuditFilter(null, null, null, null, "SUCCESS", null, null, null, null);
		OfflineVerifier.Verdict verdict = OfflineVerifier.run(write(successes, filtered, AuditExport.Format.NDJSON));
		assertThat(verdict.output()).contains("VERIFIED")
			.contains("4 contiguous segments")
			.contains("events 1 to 2")
			.contains("events 10 to 10");
		assertThat(verdict.exitCode()).isZero();

		// the same rows claimed as a whole stretch of the chain: events are missing
		OfflineVerifier.Verdict gap = OfflineVerifier
			.run(write(successes, AuditFilter.chain(1, 10), AuditExport.Format.CSV));
		assertThat(gap.exitCode()).isEqualTo(1);
		assertThat(gap.output()).contains("events 3 to 3 are missing");
	}

	@Test
	void anEventsFileThatIsNotTheManifestsIsReported() throws Exception {
		List<AuditRecord> chain = chain(3, UnaryOperator.identity());
		Path zip = write(chain, AuditFilter.NONE, AuditExport.Format.NDJSON);
		// the manifest of a longer export beside these rows
		Path other = write(chain(4, UnaryOperator.identity()), AuditFilter.NONE, AuditExport.Format.NDJSON);
		Path mixed = dir.resolve("mixed.zip");
		try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(mixed))) {
			out.putNextEntry(new ZipEntry("events.ndjson"));
			out.write(entry(zip, "events.ndjson"));
			out.putNextEntry(new ZipEntry("manifest.json"));
			out.write(entry(other, "manifest.json"));
		}
		OfflineVerifier.Verdict verdict = OfflineVerifier.run(mixed);
		assertThat(verdict.exitCode()).isEqualTo(1);
		assertThat(verdict.output()).contains("is not the file the manifest was written for")
			.contains("the manifest's rowCount is 4 but the rows give 3");
	}

	@Test
	void csvCellsAreQuotedAgainstFormulasReversibly() {
		assertThat(AuditExport.cell(null)).isEqualTo("");
		assertThat(AuditExport.cell("")).isEqualTo("\"\"");
		assertThat(AuditExport.cell("=1+1")).isEqualTo("\"'=1+1\"");
		// an apostrophe of its own is doubled at the start, so one can always be taken
		// away
		assertThat(AuditExport.cell("'quoted")).isEqualTo("\"''quoted\"");
		assertThat(AuditExport.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
	}

	private Path write(List<AuditRecord> rows, AuditFilter filter, AuditExport.Format format) throws IOException {
		willAnswer(invocation -> {
			Consumer<AuditRecord> sink = invocation.getArgument(1);
			rows.forEach(sink);
			return null;
		}).given(query).stream(any(AuditFilter.class), any());
		Path zip = Files.createTempFile(dir, "export-", ".zip");
		try (OutputStream out = Files.newOutputStream(zip)) {
			TenantContext.run(TENANT, () -> export.write(filter, format, "acme", out));
		}
		return zip;
	}

	/**
	 * A true chain: two events of hash layout 1, then layout 2, with values a CSV or JSON
	 * writer could get wrong.
	 */
	static List<AuditRecord> chain(int length, UnaryOperator<AuditRecord> tamper) {
		List<AuditRecord> chain = new ArrayList<>();
		byte[] previous = null;
		String[] names = { "Zoë \"Z\" Smith", "=HYPERLINK(\"http://evil.example\")", "'apostrophe", "two\nlines", null,
				"Ada, Countess", "", "-1" };
		for (int seq = 1; seq <= length; seq++) {
			int version = seq <= 2 ? 1 : 2;
			String name = names[(seq - 1) % names.length];
			String details = seq % 2 == 0 ? "{\"changes\": {\"title\": {\"after\": \"Chef\", \"before\": null}}}"
					: "{\"note\": \"caf\u00e9 \\\"quoted\\\" \\n\"}";
			String correlation = seq % 3 == 0 ? null : "corr-" + seq;
			String ip = seq % 4 == 0 ? null : "203.0.113." + seq;
			Instant at = AT.plusSeconds(seq);
			AuditEntry entry = new AuditEntry(TENANT, new AuditEntry.Actor("MEMBER", "sub-" + seq, name),
					"member.role_changed", seq % 5 == 0 ? null : "member", "ada@acme.example",
					seq % 3 == 0 ? AuditEntry.Outcome.FAILURE : AuditEntry.Outcome.SUCCESS, Map.of());
			byte[] hash = AuditLog.chainHash(version, previous, seq, at, entry, details, correlation, ip);
			chain.add(tamper.apply(new AuditRecord(100 + seq, seq, at, "MEMBER", "sub-" + seq, name,
					"member.role_changed", entry.targetType(), entry.targetId(), entry.outcome().name(), details,
					correlation, ip, HexFormat.of().formatHex(hash), TENANT,
					previous == null ? null : HexFormat.of().formatHex(previous), version)));
			previous = hash;
		}
		return chain;
	}

	private static AuditRecord with(AuditRecord e, String actorName) {
		return new AuditRecord(e.id(), e.chainSeq(), e.occurredAt(), e.actorType(), e.actorId(), actorName, e.action(),
				e.targetType(), e.targetId(), e.outcome(), e.details(), e.correlationId(), e.sourceIp(), e.hash(),
				e.tenantId(), e.prevHash(), e.hashVersion());
	}

	private static Map<String, JsonNode> manifest(Path zip) throws IOException {
		return Map.of("manifest.json",
				JsonMapper.shared().readTree(new String(entry(zip, "manifest.json"), StandardCharsets.UTF_8)));
	}

	private static byte[] entry(Path zip, String name) throws IOException {
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(zip)))) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				if (entry.getName().equals(name)) {
					return in.readAllBytes();
				}
			}
		}
		throw new IllegalStateException(name + " is not in " + zip);
	}

}
