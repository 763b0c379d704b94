import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.security.DigestInputStream;
import java.util.function.Consumer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Verifies a Ferry audit export from the file alone: no Ferry, no network, no library,
 * only a JDK (21 or newer).
 *
 * <pre>
 *     java VerifyAuditExport.java ferry-audit-acme-20261206-201500Z.zip
 * </pre>
 *
 * It recomputes every row's hash from the row's own fields (sha256 of the previous hash's
 * bytes, then the fields joined by U+001F; hash layout 1 or 2, as the row says), checks that
 * each row links to the one before it when their sequence numbers follow each other, reports
 * the contiguous segments a filtered export consists of (an export of a whole stretch of the
 * chain must be one segment), and compares everything with manifest.json: the row count, the
 * first and last sequence numbers, the hash the first row links to, the last row's hash, the
 * per-version counts and the SHA-256 of the events file. It prints a verdict and the first bad
 * row, and exits 0 when everything holds, 1 otherwise.
 *
 * The layouts are those of Ferry's AuditLog.chainHash (docs/portal-audit.md).
 */
public class VerifyAuditExport {

	private static final HexFormat HEX = HexFormat.of();

	private final List<String> problems = new ArrayList<>();

	private String firstBad;

	public static void main(String[] args) throws Exception {
		if (args.length != 1) {
			System.err.println("Usage: java VerifyAuditExport.java <ferry-audit-export.zip>");
			System.exit(1);
		}
		boolean ok;
		try {
			ok = new VerifyAuditExport().verify(Path.of(args[0]));
		}
		catch (IOException | RuntimeException ex) {
			System.out.println("FAILED: the export cannot be read: " + ex.getMessage());
			ok = false;
		}
		System.exit(ok ? 0 : 1);
	}

	boolean verify(Path zipFile) throws Exception {
		if (!Files.isRegularFile(zipFile)) {
			throw new IOException("no such file " + zipFile);
		}
		try (ZipFile zip = new ZipFile(zipFile.toFile(), StandardCharsets.UTF_8)) {
			ZipEntry manifestEntry = zip.getEntry("manifest.json");
			if (manifestEntry == null) {
				throw new IOException("there is no manifest.json in " + zipFile.getFileName());
			}
			manifest = object(new Json(read(zip, manifestEntry)).value());
			String file = text(manifest.get("file"));
			ZipEntry eventsEntry = file == null ? null : zip.getEntry(file);
			if (eventsEntry == null) {
				throw new IOException("the manifest names the events file " + file + ", which is not in the zip");
			}
			System.out.println("Ferry audit export " + zipFile.getFileName());
			System.out.println("  organisation " + manifest.get("organisation") + " (" + manifest.get("tenantId")
					+ "), generated at " + manifest.get("generatedAt"));
			System.out.println("  filters " + manifest.get("filters"));
			tenant = text(manifest.get("tenantId"));
			contiguous = Boolean.TRUE.equals(manifest.get("contiguous"));
			// read once, as a stream: the file's digest and every row's check in one pass,
			// in the memory of one row
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			try (Reader reader = new BufferedReader(new InputStreamReader(
					new DigestInputStream(zip.getInputStream(eventsEntry), digest), StandardCharsets.UTF_8), 1 << 16)) {
				if (file.endsWith(".csv")) {
					csvRows(reader, this::check);
				}
				else {
					ndjsonRows(reader, this::check);
				}
			}
			String sha = HEX.formatHex(digest.digest());
			if (!sha.equals(manifest.get("fileSha256"))) {
				problem(null, file + " is not the file the manifest was written for (SHA-256 " + sha
						+ ", manifest says " + manifest.get("fileSha256") + ")");
			}
		}
		return report();
	}

	private Map<String, Object> manifest;

	private String tenant;

	private boolean contiguous;

	private final List<long[]> segments = new ArrayList<>();

	private final Map<String, Long> versions = new TreeMap<>();

	private Row first;

	private Row previous;

	private long count;

	private void check(Row row) {
		count++;
		if (first == null) {
			first = row;
		}
		{
			versions.merge(Integer.toString(row.version), 1L, Long::sum);
			if (!Objects.equals(row.tenantId, tenant)) {
				problem(row, "it belongs to organisation " + row.tenantId + ", not " + tenant);
			}
			String computed = HEX.formatHex(row.computeHash());
			if (!computed.equals(row.hash)) {
				problem(row, "its hash does not match its content: it was changed after it was written "
						+ "(recomputed " + computed + ", recorded " + row.hash + ")");
			}
			if (row.seq == 1 && row.prevHash != null) {
				problem(row, "the chain's first event links to an earlier one");
			}
			if (row.seq > 1 && row.prevHash == null) {
				problem(row, "it links to no earlier event although it is not the chain's first");
			}
			if (previous == null || row.seq != previous.seq + 1) {
				if (previous != null && row.seq <= previous.seq) {
					problem(row, "it is out of order (after sequence number " + previous.seq + ")");
				}
				else if (previous != null && contiguous) {
					problem(row, "events " + (previous.seq + 1) + " to " + (row.seq - 1)
							+ " are missing: this export covers a whole stretch of the chain");
				}
				segments.add(new long[] { row.seq, row.seq });
			}
			else {
				if (!Objects.equals(row.prevHash, previous.hash)) {
					problem(row, "it does not link to event " + previous.seq + " before it (it names " + row.prevHash
							+ ", which is not that event's hash " + previous.hash + ")");
				}
				segments.get(segments.size() - 1)[1] = row.seq;
			}
			previous = row;
		}
	}

	private boolean report() {
		expect("rowCount", number(manifest.get("rowCount")), count);
		expect("firstSeq", number(manifest.get("firstSeq")), first == null ? null : first.seq);
		expect("lastSeq", number(manifest.get("lastSeq")), previous == null ? null : previous.seq);
		expect("firstPrevHash", manifest.get("firstPrevHash"), first == null ? null : first.prevHash);
		expect("lastHash", manifest.get("lastHash"), previous == null ? null : previous.hash);
		expect("segments", number(manifest.get("segments")), (long) segments.size());
		Map<String, Long> declared = new TreeMap<>();
		object(manifest.getOrDefault("hashVersions", Map.of()))
			.forEach((version, count) -> declared.put(version, number(count)));
		expect("hashVersions", declared, versions);

		System.out.println("  " + count + " rows, hash layouts " + versions + ", " + segments.size()
				+ (segments.size() == 1 ? " contiguous segment" : " contiguous segments")
				+ (contiguous ? " (a whole stretch of the chain: must be one)" : " (filtered: gaps are expected)"));
		for (int i = 0; i < Math.min(segments.size(), 20); i++) {
			long[] segment = segments.get(i);
			System.out.println("    events " + segment[0] + " to " + segment[1]);
		}
		if (segments.size() > 20) {
			System.out.println("    ... and " + (segments.size() - 20) + " more");
		}
		if (first != null) {
			System.out.println("  starts after hash " + first.prevHash + ", ends with hash " + previous.hash);
		}
		if (problems.isEmpty()) {
			System.out.println("VERIFIED: every row's hash matches its content, consecutive rows link, "
					+ "and the manifest matches the rows.");
			return true;
		}
		System.out.println("FAILED: " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
				+ (firstBad == null ? "" : "; the first bad row is " + firstBad));
		problems.stream().limit(20).forEach(problem -> System.out.println("  - " + problem));
		return false;
	}

	private void problem(Row row, String what) {
		String where = row == null ? "" : "line " + row.line + " (event " + row.seq + "): ";
		if (row != null && firstBad == null) {
			firstBad = "line " + row.line + ", event " + row.seq;
		}
		problems.add(where + what);
	}

	private void expect(String name, Object declared, Object actual) {
		if (!Objects.equals(declared, actual)) {
			problems.add("the manifest's " + name + " is " + declared + " but the rows give " + actual);
		}
	}

	/** One exported event, every field its hash covers, exactly as hashed. */
	record Row(long line, String tenantId, long seq, String occurredAt, String actorType, String actorId,
			String actorName, String action, String targetType, String targetId, String outcome, String details,
			String correlationId, String sourceIp, int version, String prevHash, String hash) {

		byte[] computeHash() {
			MessageDigest digest = sha256();
			if (prevHash != null) {
				digest.update(HEX.parseHex(prevHash));
			}
			List<String> fields = new ArrayList<>(List.of(Long.toString(seq), occurredAt, String.valueOf(actorType),
					String.valueOf(actorId), String.valueOf(actorName), String.valueOf(action),
					String.valueOf(targetType), String.valueOf(targetId), String.valueOf(outcome),
					String.valueOf(details)));
			if (version >= 2) {
				fields.addAll(List.of(String.valueOf(tenantId), String.valueOf(correlationId),
						String.valueOf(sourceIp)));
			}
			return digest.digest(String.join("\u001f", fields).getBytes(StandardCharsets.UTF_8));
		}

	}

	// ---- NDJSON

	private static void ndjsonRows(Reader reader, Consumer<Row> sink) throws IOException {
		BufferedReader lines = new BufferedReader(reader);
		long line = 0;
		for (String json = lines.readLine(); json != null; json = lines.readLine()) {
			line++;
			if (json.isBlank()) {
				continue;
			}
			Map<String, Object> row = object(new Json(json).value());
			Map<String, Object> actor = object(row.get("actor"));
			Map<String, Object> target = object(row.get("target"));
			sink.accept(new Row(line, text(row.get("tenantId")), number(row.get("chainSeq")),
					text(row.get("occurredAt")), text(actor.get("type")), text(actor.get("id")),
					text(actor.get("name")), text(row.get("action")), text(target.get("type")),
					text(target.get("id")), text(row.get("outcome")), text(row.get("detailsText")),
					text(row.get("correlationId")), text(row.get("sourceIp")),
					number(row.get("hashVersion")).intValue(), text(row.get("prevHash")), text(row.get("hash"))));
		}
	}

	// ---- CSV (RFC 4180; an empty unquoted cell is an absent value; one leading apostrophe of a
	// quoted cell was added against spreadsheet formulas)

	private static void csvRows(Reader reader, Consumer<Row> sink) throws IOException {
		Map<String, Integer> at = null;
		int width = 0;
		List<String> record = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		boolean wasQuoted = false;
		long line = 1;
		long recordLine = 1;
		for (int next = reader.read(); next >= 0 || !record.isEmpty() || cell.length() > 0 || wasQuoted;
				next = next < 0 ? -1 : reader.read()) {
			char c = next < 0 ? '\n' : (char) next;
			if (quoted) {
				if (next < 0) {
					throw new IllegalArgumentException("the CSV ends inside a quoted cell");
				}
				if (c == '"') {
					reader.mark(1);
					int after = reader.read();
					if (after == '"') {
						cell.append('"');
					}
					else {
						quoted = false;
						if (after >= 0) {
							reader.reset();
						}
					}
				}
				else {
					if (c == '\n') {
						line++;
					}
					cell.append(c);
				}
			}
			else if (c == '"') {
				quoted = true;
				wasQuoted = true;
			}
			else if (c == ',' || c == '\n') {
				record.add(csvValue(cell.toString(), wasQuoted));
				cell.setLength(0);
				wasQuoted = false;
				if (c == '\n') {
					if (at == null) {
						at = new LinkedHashMap<>();
						for (int i = 0; i < record.size(); i++) {
							at.put(record.get(i), i);
						}
						width = record.size();
						for (String column : List.of("tenant_id", "chain_seq", "occurred_at", "actor_type",
								"actor_id", "actor_name", "action", "target_type", "target_id", "outcome", "details",
								"correlation_id", "source_ip", "hash_version", "prev_hash", "hash")) {
							if (!at.containsKey(column)) {
								throw new IllegalArgumentException("the CSV has no column " + column);
							}
						}
					}
					else {
						if (record.size() != width) {
							throw new IllegalArgumentException(
									"line " + recordLine + " has " + record.size() + " cells, the header " + width);
						}
						sink.accept(csvRow(recordLine, record, at));
					}
					record = new ArrayList<>();
					line++;
					recordLine = line;
				}
			}
			else {
				cell.append(c);
			}
			if (next < 0) {
				break;
			}
		}
		if (at == null) {
			throw new IllegalArgumentException("the CSV has no header");
		}
	}

	private static Row csvRow(long line, List<String> cells, Map<String, Integer> at) {
		return new Row(line, cells.get(at.get("tenant_id")), Long.parseLong(cells.get(at.get("chain_seq"))),
				cells.get(at.get("occurred_at")), cells.get(at.get("actor_type")), cells.get(at.get("actor_id")),
				cells.get(at.get("actor_name")), cells.get(at.get("action")), cells.get(at.get("target_type")),
				cells.get(at.get("target_id")), cells.get(at.get("outcome")), cells.get(at.get("details")),
				cells.get(at.get("correlation_id")), cells.get(at.get("source_ip")),
				Integer.parseInt(cells.get(at.get("hash_version"))), cells.get(at.get("prev_hash")),
				cells.get(at.get("hash")));
	}

	private static String csvValue(String raw, boolean quoted) {
		if (!quoted) {
			return raw.isEmpty() ? null : raw;
		}
		return raw.startsWith("'") ? raw.substring(1) : raw;
	}

	// ---- the few JSON values a manifest and an NDJSON line hold

	private static Map<String, Object> object(Object value) {
		if (value instanceof Map<?, ?> map) {
			@SuppressWarnings("unchecked")
			Map<String, Object> object = (Map<String, Object>) map;
			return object;
		}
		throw new IllegalArgumentException("expected a JSON object, found " + value);
	}

	private static String text(Object value) {
		return value == null ? null : value.toString();
	}

	private static Long number(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.longValueExact();
		}
		throw new IllegalArgumentException("expected a number, found " + value);
	}

	/** A strict JSON reader (RFC 8259) into maps, lists, strings, decimals, booleans and null. */
	static final class Json {

		private final String text;

		private int at;

		Json(String text) {
			this.text = text;
		}

		Object value() {
			Object value = next();
			space();
			if (at != text.length()) {
				throw error("unexpected text after the value");
			}
			return value;
		}

		private Object next() {
			space();
			if (at >= text.length()) {
				throw error("unexpected end");
			}
			char c = text.charAt(at);
			switch (c) {
				case '{' -> {
					at++;
					Map<String, Object> object = new LinkedHashMap<>();
					space();
					if (peek('}')) {
						return object;
					}
					do {
						space();
						String name = string();
						space();
						take(':');
						object.put(name, next());
						space();
					}
					while (peek(','));
					take('}');
					return object;
				}
				case '[' -> {
					at++;
					List<Object> list = new ArrayList<>();
					space();
					if (peek(']')) {
						return list;
					}
					do {
						list.add(next());
						space();
					}
					while (peek(','));
					take(']');
					return list;
				}
				case '"' -> {
					return string();
				}
				default -> {
					if (text.startsWith("true", at)) {
						at += 4;
						return Boolean.TRUE;
					}
					if (text.startsWith("false", at)) {
						at += 5;
						return Boolean.FALSE;
					}
					if (text.startsWith("null", at)) {
						at += 4;
						return null;
					}
					int start = at;
					while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
						at++;
					}
					if (start == at) {
						throw error("unexpected character '" + c + "'");
					}
					return new BigDecimal(text.substring(start, at));
				}
			}
		}

		private String string() {
			take('"');
			StringBuilder out = new StringBuilder();
			while (true) {
				if (at >= text.length()) {
					throw error("unterminated string");
				}
				char c = text.charAt(at++);
				if (c == '"') {
					return out.toString();
				}
				if (c != '\\') {
					out.append(c);
					continue;
				}
				char e = text.charAt(at++);
				switch (e) {
					case '"', '\\', '/' -> out.append(e);
					case 'b' -> out.append('\b');
					case 'f' -> out.append('\f');
					case 'n' -> out.append('\n');
					case 'r' -> out.append('\r');
					case 't' -> out.append('\t');
					case 'u' -> {
						out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
						at += 4;
					}
					default -> throw error("bad escape \\" + e);
				}
			}
		}

		private void space() {
			while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
				at++;
			}
		}

		private boolean peek(char c) {
			if (at < text.length() && text.charAt(at) == c) {
				at++;
				return true;
			}
			return false;
		}

		private void take(char c) {
			if (!peek(c)) {
				throw error("expected '" + c + "'");
			}
		}

		private IllegalArgumentException error(String what) {
			return new IllegalArgumentException("bad JSON at character " + at + ": " + what);
		}

	}

	private static String read(ZipFile zip, ZipEntry entry) throws IOException {
		return new String(readBytes(zip, entry), StandardCharsets.UTF_8);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] readBytes(ZipFile zip, ZipEntry entry) throws IOException {
		try (InputStream in = zip.getInputStream(entry)) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			in.transferTo(out);
			return out.toByteArray();
		}
	}

}
