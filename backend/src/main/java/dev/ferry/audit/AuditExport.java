package dev.ferry.audit;

import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

import dev.ferry.system.TenantContext;

/**
 * Writes the current organisation's events that match a filter as a zip an auditor can
 * check without Ferry: {@code events.csv} or {@code events.ndjson}, each row with every
 * field its hash covers exactly as hashed, then {@code manifest.json} (the filter, the
 * count, the first and last sequence numbers, the hashes the export starts from and ends
 * with, the file's SHA-256) and {@code README.txt}. Rows are streamed from the database
 * into the zip one at a time, so any size takes the same memory.
 * {@code tools/verify-audit-export/VerifyAuditExport.java} recomputes it
 * (docs/portal-audit.md).
 */
@Service
public class AuditExport {

	/** The CSV's columns, in order. */
	public static final List<String> CSV_COLUMNS = List.of("id", "tenant_id", "chain_seq", "occurred_at", "actor_type",
			"actor_id", "actor_name", "action", "target_type", "target_id", "outcome", "details", "correlation_id",
			"source_ip", "hash_version", "prev_hash", "hash");

	/** The formats an export can take. */
	public enum Format {

		CSV, NDJSON;

		public String extension() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

		/** The format of that name, or null. */
		public static Format of(String name) {
			for (Format format : values()) {
				if (format.extension().equalsIgnoreCase(name)) {
					return format;
				}
			}
			return null;
		}

	}

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
		.withZone(ZoneOffset.UTC);

	private final AuditQuery query;

	private final JsonMapper json;

	private final Clock clock;

	AuditExport(AuditQuery query, JsonMapper json, Clock clock) {
		this.query = query;
		this.json = json;
		this.clock = clock;
	}

	/** The file name of an export of this organisation made now. */
	public String filename(String slug, Instant at) {
		return "ferry-audit-" + slug + "-" + STAMP.format(at) + "Z.zip";
	}

	/**
	 * Writes the zip of the current organisation's events that match; the stream is
	 * finished but not closed.
	 * @return what the manifest says
	 */
	public Manifest write(AuditFilter filter, Format format, String slug, OutputStream out) {
		Instant generatedAt = clock.instant();
		ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
		// the fastest deflate: a million rows in seconds rather than a minute, for a zip
		// about a fifth larger
		zip.setLevel(java.util.zip.Deflater.BEST_SPEED);
		Tally tally = new Tally();
		try {
			String file = "events." + format.extension();
			zip.putNextEntry(new ZipEntry(file));
			MessageDigest sha = sha256();
			Writer rows = new BufferedWriter(
					new OutputStreamWriter(new DigestOutputStream(new KeepOpen(zip), sha), StandardCharsets.UTF_8),
					1 << 16);
			if (format == Format.CSV) {
				rows.write(String.join(",", CSV_COLUMNS) + "\n");
			}
			query.stream(filter, event -> {
				tally.add(event);
				try {
					rows.write(format == Format.CSV ? csv(event) : ndjson(event));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			rows.flush();
			zip.closeEntry();
			Manifest manifest = new Manifest(TenantContext.require(), slug, generatedAt, filter.describe(),
					filter.contiguous(), file, format.extension(), HexFormat.of().formatHex(sha.digest()), tally.rows,
					tally.firstSeq, tally.lastSeq, tally.firstPrevHash, tally.lastHash, tally.segments,
					new TreeMap<>(tally.versions));
			zip.putNextEntry(new ZipEntry("manifest.json"));
			zip.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest.asJson()));
			zip.closeEntry();
			zip.putNextEntry(new ZipEntry("README.txt"));
			zip.write(README.getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
			zip.finish();
			zip.flush();
			return manifest;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * What an export covers.
	 *
	 * @param contiguous whether the filter keeps whole stretches of the chain, so the
	 * rows must link without gaps
	 * @param fileSha256 the SHA-256 of the events file, hexadecimal
	 * @param firstPrevHash the hash the first row links to (null when it is the chain's
	 * first event or there is none)
	 * @param segments how many runs of consecutive sequence numbers the rows form
	 * @param hashVersions how many rows have each hash layout
	 */
	public record Manifest(UUID tenantId, String slug, Instant generatedAt, Map<String, Object> filters,
			boolean contiguous, String file, String format, String fileSha256, long rowCount, Long firstSeq,
			Long lastSeq, String firstPrevHash, String lastHash, long segments, Map<Integer, Long> hashVersions) {

		Map<String, Object> asJson() {
			Map<String, Object> manifest = new LinkedHashMap<>();
			manifest.put("kind", "ferry-audit-export");
			manifest.put("manifestVersion", 1);
			manifest.put("tenantId", String.valueOf(tenantId));
			manifest.put("organisation", slug);
			manifest.put("generatedAt", generatedAt.toString());
			manifest.put("filters", filters);
			manifest.put("contiguous", contiguous);
			manifest.put("file", file);
			manifest.put("format", format);
			manifest.put("fileSha256", fileSha256);
			manifest.put("rowCount", rowCount);
			manifest.put("firstSeq", firstSeq);
			manifest.put("lastSeq", lastSeq);
			manifest.put("firstPrevHash", firstPrevHash);
			manifest.put("lastHash", lastHash);
			manifest.put("segments", segments);
			Map<String, Long> versions = new LinkedHashMap<>();
			hashVersions.forEach((version, count) -> versions.put(Integer.toString(version), count));
			manifest.put("hashVersions", versions);
			Map<String, Object> hash = new LinkedHashMap<>();
			hash.put("algorithm", "SHA-256");
			hash.put("input", "prev_hash bytes (none for the first event), then the fields below as UTF-8 text "
					+ "joined by U+001F; an absent value is the text null");
			hash.put("1", List.of("chain_seq", "occurred_at", "actor_type", "actor_id", "actor_name", "action",
					"target_type", "target_id", "outcome", "details"));
			hash.put("2", List.of("chain_seq", "occurred_at", "actor_type", "actor_id", "actor_name", "action",
					"target_type", "target_id", "outcome", "details", "tenant_id", "correlation_id", "source_ip"));
			manifest.put("hashLayouts", hash);
			return manifest;
		}

	}

	/** One CSV line: RFC 4180, null as an empty unquoted cell, text always quoted. */
	static String csv(AuditRecord event) {
		List<String> cells = new ArrayList<>(CSV_COLUMNS.size());
		cells.add(Long.toString(event.id()));
		cells.add(cell(event.tenantId() == null ? null : event.tenantId().toString()));
		cells.add(Long.toString(event.chainSeq()));
		cells.add(event.occurredAt().toString());
		cells.add(cell(event.actorType()));
		cells.add(cell(event.actorId()));
		cells.add(cell(event.actorName()));
		cells.add(cell(event.action()));
		cells.add(cell(event.targetType()));
		cells.add(cell(event.targetId()));
		cells.add(cell(event.outcome()));
		cells.add(cell(event.details()));
		cells.add(cell(event.correlationId()));
		cells.add(cell(event.sourceIp()));
		cells.add(Integer.toString(event.hashVersion()));
		cells.add(event.prevHash() == null ? "" : event.prevHash());
		cells.add(event.hash());
		return String.join(",", cells) + "\n";
	}

	/**
	 * RFC 4180 quoting, and a leading apostrophe for cells a spreadsheet would run as a
	 * formula. Reversibly: a cell that starts with an apostrophe gets one too, so taking
	 * away one leading apostrophe of any quoted cell gives the value back exactly (which
	 * the hash needs).
	 */
	public static String cell(String value) {
		if (value == null) {
			return "";
		}
		String safe = !value.isEmpty() && "=+-@\t\r'".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
		return "\"" + safe.replace("\"", "\"\"") + "\"";
	}

	private String ndjson(AuditRecord event) {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("id", event.id());
		line.put("tenantId", event.tenantId() == null ? null : event.tenantId().toString());
		line.put("chainSeq", event.chainSeq());
		line.put("occurredAt", event.occurredAt().toString());
		// a missing id or name is JSON null, as the CSV leaves its cell empty: never the
		// word "null"
		Map<String, Object> actor = new LinkedHashMap<>();
		actor.put("type", event.actorType());
		actor.put("id", event.actorId());
		actor.put("name", event.actorName());
		line.put("actor", actor);
		line.put("action", event.action());
		Map<String, Object> target = new LinkedHashMap<>();
		target.put("type", event.targetType());
		target.put("id", event.targetId());
		line.put("target", target);
		line.put("outcome", event.outcome());
		// the details to query as JSON, and as the exact text the hash covers
		line.put("details", json.readTree(event.details()));
		line.put("detailsText", event.details());
		line.put("correlationId", event.correlationId());
		line.put("sourceIp", event.sourceIp());
		line.put("hashVersion", event.hashVersion());
		line.put("prevHash", event.prevHash());
		line.put("hash", event.hash());
		return json.writeValueAsString(line) + "\n";
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Counts what the manifest says while the rows stream past. */
	private static final class Tally {

		long rows;

		Long firstSeq;

		Long lastSeq;

		String firstPrevHash;

		String lastHash;

		long segments;

		final Map<Integer, Long> versions = new TreeMap<>();

		void add(AuditRecord event) {
			if (rows == 0) {
				firstSeq = event.chainSeq();
				firstPrevHash = event.prevHash();
			}
			if (lastSeq == null || event.chainSeq() != lastSeq + 1) {
				segments++;
			}
			rows++;
			lastSeq = event.chainSeq();
			lastHash = event.hash();
			versions.merge(event.hashVersion(), 1L, Long::sum);
		}

	}

	/** The zip's stream under the row writer, left open when the writer is done. */
	private static final class KeepOpen extends FilterOutputStream {

		KeepOpen(OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			out.write(bytes, offset, length);
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

	private static final String README = """
			Ferry audit export
			==================

			events.csv or events.ndjson: the events, oldest first, each with every field its hash covers,
			exactly as hashed (tenant, sequence number, time, actor, action, target, outcome, details as text,
			correlation id, source IP), its hash layout version, the hash of the event before it and its own.
			manifest.json: the filter, the row count, the first and last sequence numbers, the hash the first
			row links to and the last row's hash, the SHA-256 of the events file, and the hash layouts.

			Check it without Ferry (any JDK 21 or newer, no network):

			    java VerifyAuditExport.java this-file.zip

			VerifyAuditExport.java is in Ferry's sources, tools/verify-audit-export/. It recomputes every row's
			hash, checks that consecutive rows link, and compares everything with the manifest. CSV: an empty
			unquoted cell is an absent value; a quoted cell that starts with an apostrophe had one added (so a
			spreadsheet does not run it as a formula): remove it to get the value.
			""";

}
