package dev.ferry.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Problems and refusals are message keys, like flashes (FlashTest): every key the code
 * hands to a {@link Problem} or a {@link Refusal} is in messages.properties, and every
 * problem key in the bundle is still used, so a renamed check cannot leave people reading
 * the key itself.
 */
class ProblemKeysTest {

	private static final Path SOURCES = Path.of("src/main/java");

	/**
	 * The key a problem or refusal is made with: {@code Problem.of("x.y")},
	 * {@code new Refusal("x.y")}, {@code new MemberRuleException("x.y")}.
	 */
	private static final Pattern MADE_WITH = Pattern
		.compile("(?:Problem\\.of|Refusal|RuleException)\\(\\s*\"([A-Za-z0-9.]+)\"");

	/** Keys with a "problem" segment, wherever they are written (constants too). */
	private static final Pattern PROBLEM_KEY = Pattern.compile("\"((?:[A-Za-z]+\\.)*problem(?:\\.[A-Za-z]+)+)\"");

	@Test
	void everyProblemKeyInTheCodeIsInTheBundleAndEveryProblemKeyInTheBundleIsUsed() throws IOException {
		Properties bundle = new Properties();
		try (InputStream in = ProblemKeysTest.class.getResourceAsStream("/messages.properties")) {
			assertThat(in).as("messages.properties from the frontend jar").isNotNull();
			bundle.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		Set<String> made = keys(MADE_WITH);
		Set<String> problemKeys = keys(PROBLEM_KEY);
		assertThat(made).as("the scan finds the services' keys")
			.hasSizeGreaterThan(20)
			.contains("members.flash.lastOwner", "preview.reason.notAssigned", "settings.problem.wholeNumber");
		assertThat(made).as("keys problems and refusals are made with, missing from messages.properties")
			.allMatch(bundle::containsKey);
		assertThat(problemKeys).as("problem keys in the code, missing from messages.properties")
			.contains(Problem.DETAIL)
			.allMatch(bundle::containsKey);
		assertThat(bundle.stringPropertyNames().stream().filter(key -> PROBLEM_KEY.matcher('"' + key + '"').matches()))
			.as("problem keys in messages.properties that no code uses")
			.allMatch(problemKeys::contains);
	}

	private static Set<String> keys(Pattern pattern) throws IOException {
		Set<String> keys = new TreeSet<>();
		try (Stream<Path> files = Files.walk(SOURCES)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
				Matcher key = pattern.matcher(Files.readString(file));
				while (key.find()) {
					keys.add(key.group(1));
				}
			}
		}
		return keys;
	}

}
