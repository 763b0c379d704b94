package dev.ferry.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Tracing;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a browser test a fresh {@link Page} in Debian's Chromium (never a downloaded
 * browser). When a test fails, its last screenshot and a Playwright trace are kept under
 * {@code target/playwright/<test>/} ({@code npx playwright show-trace trace.zip} replays
 * it).
 *
 * <p>
 * One Playwright and one browser serve the whole test class; each test gets its own
 * context, so cookies and sessions never leak between tests.
 */
public class BrowserExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

	static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu",
			"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
			"--disable-quic");

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(BrowserExtension.class);

	@Override
	public void beforeEach(ExtensionContext context) {
		Browser browser = context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent("browser", key -> new SharedBrowser(), SharedBrowser.class)
			.browser();
		BrowserContext browserContext = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
		browserContext.setDefaultTimeout(15_000);
		// assertions wait as long as actions: on a loaded two-core machine a live test
		// against the sandbox (a ShareFile check, a sign-in round trip) can take over the
		// default 5 s; what is asserted is unchanged
		PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
		browserContext.tracing().start(new Tracing.StartOptions().setScreenshots(true).setSnapshots(true));
		Page page = browserContext.newPage();
		context.getStore(NAMESPACE).put("context", browserContext);
		context.getStore(NAMESPACE).put("page", page);
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		BrowserContext browserContext = context.getStore(NAMESPACE).remove("context", BrowserContext.class);
		Page page = context.getStore(NAMESPACE).remove("page", Page.class);
		if (browserContext == null) {
			return;
		}
		if (context.getExecutionException().isPresent()) {
			Path dir = Path.of("target", "playwright",
					context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName());
			Files.createDirectories(dir);
			if (page != null && !page.isClosed()) {
				page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve("failure.png")).setFullPage(true));
			}
			browserContext.tracing().stop(new Tracing.StopOptions().setPath(dir.resolve("trace.zip")));
		}
		else {
			browserContext.tracing().stop();
		}
		browserContext.close();
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == Page.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return context.getStore(NAMESPACE).get("page", Page.class);
	}

	/** Closed by JUnit when the root store closes, at the end of the run. */
	private static final class SharedBrowser implements AutoCloseable {

		private final Playwright playwright;

		private final Browser browser;

		SharedBrowser() {
			this.playwright = Playwright.create();
			String executable = System.getenv().getOrDefault("FERRY_CHROMIUM", "/usr/bin/chromium");
			this.browser = playwright.chromium()
				.launch(new BrowserType.LaunchOptions().setExecutablePath(Path.of(executable))
					.setHeadless(true)
					.setArgs(CHROMIUM_ARGS));
		}

		Browser browser() {
			return browser;
		}

		@Override
		public void close() {
			browser.close();
			playwright.close();
		}

	}

}
