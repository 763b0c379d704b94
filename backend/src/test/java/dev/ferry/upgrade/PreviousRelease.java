package dev.ferry.upgrade;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The release this checkout upgrades from, read from git as docs/operations-upgrades.md
 * defines it: the highest {@code v*} tag (by version: {@code v2026.12.0} before
 * {@code v2026.12.10}) that is an ancestor of HEAD and does not point at HEAD itself.
 * {@code FERRY_PREVIOUS_RELEASE} names another tag (e.g. to prove an upgrade across two
 * releases). {@code infra/upgrade/previous-release} is the same rule for shell use.
 */
public final class PreviousRelease {

	/** The migrations' folder, from the repository's root. */
	static final String MIGRATIONS = "backend/src/main/resources/db/migration";

	private PreviousRelease() {
	}

	/** The repository's root (tests run in {@code backend/}). */
	public static Path root() {
		return Path.of(git(Path.of("."), "rev-parse", "--show-toplevel").get(0));
	}

	public static String tag() {
		String chosen = System.getenv("FERRY_PREVIOUS_RELEASE");
		if (chosen != null && !chosen.isBlank()) {
			return chosen;
		}
		Path root = root();
		String head = git(root, "rev-parse", "HEAD").get(0);
		for (String tag : git(root, "tag", "--merged", "HEAD", "--list", "v*", "--sort=-v:refname")) {
			if (!git(root, "rev-list", "-n", "1", tag).get(0).equals(head)) {
				return tag;
			}
		}
		throw new IllegalStateException("No release tag (v*) is an ancestor of HEAD: fetch the tags "
				+ "(git fetch --tags; a shallow clone has none) or set FERRY_PREVIOUS_RELEASE");
	}

	/** The migration files (names only) as the release had them. */
	static List<String> migrations(String tag) {
		return git(root(), "ls-tree", "--name-only", tag + ":" + MIGRATIONS);
	}

	/** Released migrations changed or deleted since (paths from the root). */
	static List<String> changedSince(String tag) {
		return git(root(), "diff", "--name-only", "--diff-filter=MDR", tag, "--", MIGRATIONS);
	}

	/**
	 * Whether the release's application code (Java, templates, resources other than the
	 * migrations) mentions {@code name} as a word, case-insensitively: a contract step
	 * may only remove what the release no longer uses.
	 */
	static boolean usedBy(String tag, String name) {
		List<String> hits = gitAllowingNoMatch(root(), "grep", "-l", "-i", "-w", "-F", name, tag, "--",
				"backend/src/main", "frontend/src/main", ":(exclude)" + MIGRATIONS);
		return !hits.isEmpty();
	}

	/**
	 * A migration's version as Flyway orders it, from its file name ({@code V31_1__x.sql}
	 * → 31, 1) or from {@code flyway_schema_history} ({@code 31.1}).
	 */
	static List<Integer> version(String nameOrVersion) {
		String version = nameOrVersion.startsWith("V") ? nameOrVersion.substring(1, nameOrVersion.indexOf("__"))
				: nameOrVersion;
		return java.util.Arrays.stream(version.split("[._]")).map(Integer::valueOf).toList();
	}

	/** Orders versions part by part (31 < 31.1 < 32). */
	static final java.util.Comparator<List<Integer>> VERSION_ORDER = (a, b) -> {
		for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
			int x = i < a.size() ? a.get(i) : -1;
			int y = i < b.size() ? b.get(i) : -1;
			if (x != y) {
				return Integer.compare(x, y);
			}
		}
		return 0;
	};

	static List<String> git(Path dir, String... args) {
		return run(dir, false, args);
	}

	private static List<String> gitAllowingNoMatch(Path dir, String... args) {
		return run(dir, true, args);
	}

	private static List<String> run(Path dir, boolean noMatchIsEmpty, String... args) {
		List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
		command.addAll(List.of(args));
		try {
			Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!git.waitFor(60, TimeUnit.SECONDS)) {
				git.destroyForcibly();
				throw new IllegalStateException("git took too long: " + command);
			}
			if (git.exitValue() == 1 && noMatchIsEmpty) {
				return List.of();
			}
			if (git.exitValue() != 0) {
				throw new IllegalStateException(command + " failed (" + git.exitValue() + "): " + out.strip());
			}
			return out.lines().filter(line -> !line.isBlank()).toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run git (" + command + "): " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
