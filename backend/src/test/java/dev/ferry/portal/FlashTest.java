package dev.ferry.portal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.web.servlet.mvc.support.RedirectAttributesModelMap;

import dev.ferry.tenant.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flash messages come from messages.properties like every other word of the portal: each
 * key a controller uses exists (FrontendTemplatesTest cannot see keys chosen in Java),
 * and the bundle gives the wording the controllers used to build by hand.
 */
class FlashTest {

	private static final Path SOURCES = Path.of("src/main/java");

	/**
	 * Flash keys carry a "flash" segment (connections.flash.source.picked, flash.detail).
	 */
	private static final Pattern FLASH_KEY = Pattern.compile("\"((?:[A-Za-z]+\\.)*flash(?:\\.[A-Za-z]+)+)\"");

	/** A MessageFormat placeholder: {0}, {1,number,#}, ... */
	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d");

	private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

	FlashTest() {
		// as the application configures it (spring.messages.*)
		messages.setBasename("messages");
		messages.setDefaultEncoding(StandardCharsets.UTF_8.name());
		messages.setFallbackToSystemLocale(false);
	}

	@Test
	void everyFlashKeyInTheCodeIsInTheBundleAndEveryFlashKeyInTheBundleIsUsed() throws IOException {
		Properties bundle = bundle();
		Set<String> used = usedKeys();
		assertThat(used).as("the scan finds the controllers' keys").hasSizeGreaterThan(30).contains(Flash.DETAIL);
		assertThat(used).as("flash keys used in Java but missing from messages.properties")
			.allMatch(bundle::containsKey);
		assertThat(bundle.stringPropertyNames().stream().filter(key -> FLASH_KEY.matcher('"' + key + '"').matches()))
			.as("flash keys in messages.properties that no controller uses")
			.allMatch(used::contains);
		for (Role role : Role.values()) {
			assertThat(bundle).containsKey(MembersController.inSentence(role).getCodes()[0]);
		}
	}

	/**
	 * A message with arguments goes through MessageFormat, where a lone apostrophe starts
	 * a quote and swallows what follows; those messages write it twice.
	 */
	@Test
	void messagesWithArgumentsDoubleTheirApostrophes() throws IOException {
		Properties bundle = bundle();
		List<String> offences = new ArrayList<>();
		for (String key : bundle.stringPropertyNames()) {
			String message = bundle.getProperty(key);
			if (PLACEHOLDER.matcher(message).find() && message.replace("''", "").contains("'")) {
				offences.add(key + "=" + message);
			}
		}
		assertThat(offences).isEmpty();
	}

	@Test
	void theBundleKeepsTheWordingTheControllersBuilt() {
		assertThat(text(Flash.success("settings.flash.savedPushingGroups", 1234)))
			.isEqualTo("Saved as version 1234. Ferry is pushing groups now.");
		assertThat(text(Flash.success("provisioning.flash.held.approved")))
			.isEqualTo("Approved. A new reconcile applies the held changes now, planned afresh against today's Okta.");
		assertThat(text(Flash.error("members.flash.loginAndRole")))
			.isEqualTo("Give the person's login (usually their work e-mail) and a role.");
		assertThat(text(
				Flash.success("members.flash.invited", "ann@acme.example", MembersController.inSentence(Role.ADMIN))))
			.isEqualTo("ann@acme.example is invited as admin. Their seat is taken when they first sign in.");
		assertThat(text(Flash.error("connections.flash.hook.notVerified", "ACTIVE / UNVERIFIED",
				"https://ferry.example/hooks/okta/acme")))
			.isEqualTo("The hook is registered but not receiving changes (ACTIVE / UNVERIFIED). The identity source "
					+ "must be able to reach https://ferry.example/hooks/okta/acme.");
		assertThat(text(Flash.success("deadLetters.flash.retriedAll.one", 1))).isEqualTo("1 job is back in the queue.");
		assertThat(text(Flash.success("deadLetters.flash.retriedAll.many", 3)))
			.isEqualTo("3 jobs are back in the queue.");
		assertThat(text(Flash.success("connections.flash.source.keyGenerated"))).contains("Register the public key");
	}

	@Test
	void detailPassesTextFromElsewhereOnAsItIs() {
		String refusal = "Okta's answer: {0} isn't 'allowed'";
		assertThat(text(Flash.error(Flash.DETAIL, refusal))).isEqualTo(refusal);
		assertThat(text(Flash.error("connections.flash.hook.failed", refusal)))
			.isEqualTo("The event hook could not be registered: " + refusal);
		assertThat(text(Flash.error(Flash.DETAIL, (Object) null))).as("an exception without a message").isEmpty();
	}

	@Test
	void aFlashWaitsInTheFlashMapAndSurvivesTheSession() throws Exception {
		Flash flash = Flash.success("groupRoles.flash.saved", "Ferry Admins", MembersController.inSentence(Role.OWNER));
		RedirectAttributesModelMap redirect = new RedirectAttributesModelMap();
		flash.showAfterRedirect(redirect);
		assertThat(redirect.getFlashAttributes().get(Flash.ATTRIBUTE)).isEqualTo(flash);
		assertThat(redirect).as("nothing in the redirect's URL").isEmpty();

		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(flash);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			Flash back = (Flash) in.readObject();
			assertThat(back).isEqualTo(flash);
			assertThat(text(back))
				.isEqualTo("Members of the group Ferry Admins get the role owner at their next sign-in.");
		}
	}

	private String text(Flash flash) {
		return messages.getMessage(flash, Locale.ENGLISH);
	}

	private static Properties bundle() throws IOException {
		Properties bundle = new Properties();
		try (InputStream in = FlashTest.class.getResourceAsStream("/messages.properties")) {
			assertThat(in).as("messages.properties from the frontend jar").isNotNull();
			bundle.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return bundle;
	}

	private static Set<String> usedKeys() throws IOException {
		Set<String> keys = new TreeSet<>();
		try (Stream<Path> files = Files.walk(SOURCES)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
				Matcher key = FLASH_KEY.matcher(Files.readString(file));
				while (key.find()) {
					keys.add(key.group(1));
				}
			}
		}
		return keys;
	}

}
