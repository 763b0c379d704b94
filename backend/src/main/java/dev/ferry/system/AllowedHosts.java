package dev.ferry.system;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Decides whether a URL a tenant typed (Okta org, ShareFile Base URL) may be called. Only
 * Okta's and ShareFile's own domains are allowed, over https, plus hosts the operator
 * allows ({@code ferry.allowed-hosts}, e.g. the sandbox), so no tenant can aim Ferry at
 * an internal address.
 */
@Component
public class AllowedHosts {

	/** Okta's and ShareFile's public domains. */
	public static final List<String> SERVICE_PATTERNS = List.of("*.okta.com", "*.oktapreview.com", "*.okta-emea.com",
			"*.sharefile.com", "*.sharefile.eu", "*.sf-api.com", "*.sf-api.eu");

	private final List<String> operatorPatterns;

	public AllowedHosts(FerryProperties properties) {
		this.operatorPatterns = properties.allowedHosts().stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
	}

	/**
	 * @return empty when allowed, otherwise a sentence saying why not, for the form.
	 */
	public Optional<String> problemWith(String url) {
		if (url == null || url.isBlank()) {
			return Optional.of("Give the address, e.g. https://acme.okta.com.");
		}
		if (url.length() > 255) {
			return Optional.of("That address is too long.");
		}
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			return Optional.of("That is not a web address.");
		}
		String host = uri.getHost();
		if (uri.getScheme() == null || host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
				|| uri.getRawFragment() != null) {
			return Optional.of("Give just the address, like https://acme.okta.com, without a user, query or fragment.");
		}
		String hostPort = host.toLowerCase(Locale.ROOT) + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
		boolean byOperator = operatorPatterns.stream().anyMatch(pattern -> matches(pattern, hostPort, host));
		if (byOperator) {
			return "http".equals(uri.getScheme()) || "https".equals(uri.getScheme()) ? Optional.empty()
					: Optional.of("Only http and https addresses can be used.");
		}
		// the real reason first; the list of hosts the operator allows is never shown (it
		// may name
		// internal addresses, and this message reaches the public sign-up page)
		if (SERVICE_PATTERNS.stream().noneMatch(pattern -> matches(pattern, host.toLowerCase(Locale.ROOT), host))) {
			return Optional.of(host + " is not an address Ferry may call: it is not an Okta or ShareFile domain. "
					+ "Ask your Ferry operator if you use a custom domain.");
		}
		if (!"https".equals(uri.getScheme())) {
			return Optional.of("Use https: Okta and ShareFile are only reached over https.");
		}
		if (uri.getPort() > 0 && uri.getPort() != 443) {
			return Optional.of("Okta and ShareFile are reached on the standard https port; leave the port out.");
		}
		return Optional.empty();
	}

	/**
	 * Whether two addresses have the same scheme, host and port: stored secrets are only
	 * ever sent to the origin they were entered for (docs/security.md).
	 */
	public static boolean sameOrigin(String a, String b) {
		try {
			URI left = new URI(a.strip());
			URI right = new URI(b.strip());
			return left.getScheme() != null && left.getHost() != null
					&& left.getScheme().equalsIgnoreCase(right.getScheme())
					&& left.getHost().equalsIgnoreCase(right.getHost()) && port(left) == port(right);
		}
		catch (URISyntaxException | NullPointerException ex) {
			return false;
		}
	}

	private static int port(URI uri) {
		if (uri.getPort() > 0) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	private static boolean matches(String pattern, String hostPort, String host) {
		String candidate = pattern.contains(":") ? hostPort : host.toLowerCase(Locale.ROOT);
		if (pattern.startsWith("*.")) {
			String suffix = pattern.substring(1);
			return candidate.endsWith(suffix) && candidate.length() > suffix.length();
		}
		return candidate.equals(pattern);
	}

}
