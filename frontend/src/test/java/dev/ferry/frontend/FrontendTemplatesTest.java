package dev.ferry.frontend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every word the portal shows comes from messages.properties: a template with literal
 * text, a literal placeholder/title/aria-label/alt, or a message key that does not exist
 * fails the build.
 */
class FrontendTemplatesTest {

	private static final Path TEMPLATES = Path.of("src/main/resources/templates");

	private static final Pattern MESSAGE_KEY = Pattern.compile("#\\{([A-Za-z0-9_.-]+)(?:\\(|})");

	private static final Pattern LITERAL_ATTRIBUTE = Pattern
		.compile("(?<![:\\w-])(placeholder|title|aria-label|alt)=\"([^\"]*[A-Za-z][^\"]*)\"");

	/**
	 * A button's value is its label; other inputs' values (radio, hidden) are data, not
	 * text.
	 */
	private static final Pattern LITERAL_BUTTON_VALUE = Pattern
		.compile("<input[^>]*type=\"(?:submit|button|reset)\"[^>]*(?<![:\\w-])value=\"[^\"]*[A-Za-z][^\"]*\"");

	@Test
	void templatesCarryNoLiteralText() throws IOException {
		List<String> offences = new ArrayList<>();
		for (Path template : templates()) {
			String html = Files.readString(template);
			String withoutCode = html.replaceAll("(?s)<!--.*?-->", "")
				.replaceAll("(?s)<script.*?</script>", "")
				.replaceAll("(?s)<style.*?</style>", "");
			String text = withoutCode.replaceAll("(?s)<[^>]*>", "\n");
			for (String line : text.split("\n")) {
				String trimmed = line.replace("&nbsp;", "").replace("&middot;", "").strip();
				if (trimmed.chars().anyMatch(Character::isLetter)) {
					offences.add(TEMPLATES.relativize(template) + ": text \"" + trimmed + "\"");
				}
			}
			Matcher attributes = LITERAL_ATTRIBUTE.matcher(withoutCode);
			while (attributes.find()) {
				offences.add(TEMPLATES.relativize(template) + ": attribute " + attributes.group(0));
			}
			Matcher buttons = LITERAL_BUTTON_VALUE.matcher(withoutCode);
			while (buttons.find()) {
				offences.add(TEMPLATES.relativize(template) + ": button " + buttons.group(0));
			}
		}
		assertThat(offences).as("literal text in templates; use th:text=\"#{key}\" and messages.properties").isEmpty();
	}

	@Test
	void everyMessageKeyUsedExists() throws IOException {
		Properties messages = new Properties();
		try (InputStream in = Files.newInputStream(Path.of("src/main/resources/messages.properties"))) {
			messages.load(in);
		}
		List<String> missing = new ArrayList<>();
		for (Path template : templates()) {
			Matcher keys = MESSAGE_KEY.matcher(Files.readString(template));
			while (keys.find()) {
				if (!messages.containsKey(keys.group(1))) {
					missing.add(TEMPLATES.relativize(template) + ": " + keys.group(1));
				}
			}
		}
		assertThat(missing).as("message keys used in templates but missing from messages.properties").isEmpty();
	}

	/**
	 * Thymeleaf reads {@code ~{file :: name}} as a fragment name and also as a markup
	 * selector: a fragment called {@code input} would pull in every {@code <input>} of
	 * its file too, and a form would post each field several times.
	 */
	@Test
	void noFragmentIsNamedLikeAnElementOfItsFile() throws IOException {
		Pattern fragment = Pattern.compile("th:fragment=\"([A-Za-z][\\w-]*)");
		List<String> offences = new ArrayList<>();
		for (Path template : templates()) {
			String html = Files.readString(template);
			Matcher names = fragment.matcher(html);
			while (names.find()) {
				if (Pattern.compile("<" + names.group(1) + "[\\s>/]", Pattern.CASE_INSENSITIVE).matcher(html).find()) {
					offences.add(TEMPLATES.relativize(template) + ": " + names.group(1));
				}
			}
		}
		assertThat(offences).as("fragments named like an element they would also select").isEmpty();
	}

	@Test
	void theCheckItselfCatchesLiteralText() {
		String html = "<p>Hello</p><input placeholder=\"Your name\">";
		String text = html.replaceAll("(?s)<[^>]*>", "\n");
		assertThat(text).contains("Hello");
		assertThat(LITERAL_ATTRIBUTE.matcher(html).find()).isTrue();
		assertThat(LITERAL_ATTRIBUTE.matcher("<input th:placeholder=\"#{x}\">").find()).isFalse();
		assertThat(LITERAL_BUTTON_VALUE.matcher("<input type=\"submit\" value=\"Save\">").find()).isTrue();
		assertThat(LITERAL_BUTTON_VALUE.matcher("<input type=\"radio\" value=\"SSWS\">").find()).isFalse();
	}

	private static List<Path> templates() throws IOException {
		try (Stream<Path> files = Files.walk(TEMPLATES)) {
			return files.filter(file -> file.toString().endsWith(".html")).sorted().toList();
		}
	}

}
