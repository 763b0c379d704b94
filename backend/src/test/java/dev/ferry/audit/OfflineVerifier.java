package dev.ferry.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the offline verifier as an auditor would: {@code java VerifyAuditExport.java
 * <zip>} in a process of its own, with nothing of Ferry on its class path.
 */
public final class OfflineVerifier {

	/** The tool's source, from the backend module's directory (where tests run). */
	public static final Path TOOL = Path.of("..", "tools", "verify-audit-export", "VerifyAuditExport.java");

	private OfflineVerifier() {
	}

	/** What the verifier printed and its exit code. */
	public record Verdict(int exitCode, String output) {

		public boolean verified() {
			return exitCode == 0;
		}

	}

	public static Verdict run(Path zip) throws IOException, InterruptedException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Path log = Files.createTempFile("verify-audit-export-", ".txt");
		try {
			Process process = new ProcessBuilder(List.of(java.toString(), TOOL.toString(), zip.toString()))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("The offline verifier did not finish within 120 s");
			}
			return new Verdict(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

}
