package dev.ferry.sandbox.okta.oidc;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A scripted browser for the OIDC flow: keeps cookies, never follows redirects, and reads
 * the sign-in form the way a person's browser would submit it.
 */
class TestBrowser {

	private final HttpClient http;

	final CookieManager cookies = new CookieManager();

	TestBrowser() {
		this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
	}

	HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
	}

	HttpResponse<String> postForm(String url, Map<String, String> form) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form(form)))
			.build());
	}

	/**
	 * Opens the authorize URL, expects the sign-in form, submits the credentials and
	 * returns the answer.
	 */
	HttpResponse<String> signIn(String authorizeUrl, String username, String password) {
		HttpResponse<String> page = get(authorizeUrl);
		if (page.statusCode() != 200) {
			throw new AssertionError("Expected the sign-in form, got " + page.statusCode() + ": " + page.body());
		}
		return submit(page, username, password);
	}

	HttpResponse<String> submit(HttpResponse<String> formPage, String username, String password) {
		String action = formAction(formPage.body());
		Map<String, String> form = new LinkedHashMap<>();
		form.put("stateToken", inputValue(formPage.body(), "stateToken"));
		form.put("username", username);
		form.put("password", password);
		return postForm(formPage.uri().resolve(action).toString(), form);
	}

	HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String formAction(String html) {
		Matcher matcher = Pattern.compile("<form[^>]*action=\"([^\"]*)\"").matcher(html);
		if (!matcher.find()) {
			throw new AssertionError("No form in: " + html);
		}
		return matcher.group(1).replace("&amp;", "&");
	}

	static String inputValue(String html, String name) {
		Matcher matcher = Pattern.compile("<input[^>]*name=\"" + Pattern.quote(name) + "\"[^>]*value=\"([^\"]*)\"")
			.matcher(html);
		return matcher.find() ? matcher.group(1).replace("&amp;", "&") : null;
	}

	static String form(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.filter(entry -> entry.getValue() != null)
			.map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	/** The parameters of a redirect's query (or fragment, when there is one). */
	static Map<String, String> params(String location) {
		URI uri = URI.create(location);
		String raw = uri.getRawFragment() != null ? uri.getRawFragment() : uri.getRawQuery();
		Map<String, String> params = new LinkedHashMap<>();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				int eq = pair.indexOf('=');
				params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
						eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return params;
	}

}
