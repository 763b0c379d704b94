package dev.ferry.system;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Decides whether a URL a tenant typed (Okta org, ShareFile Base URL) may be called. Only
 * Okta's and ShareFile's own domains are allowed, over https, plus hosts the operator
 * allows ({@code ferry.allowed-hosts}, e.g. the sandbox), so no tenant can aim Ferry at
 * an internal address. Identity providers for sign-in are any public https host
 * ({@link #problemWithProvider}): customers bring Entra ID, Google, Keycloak and others.
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
	 * @return empty when allowed, otherwise why not (the real reason first), for the form
	 */
	public Optional<Problem> problemWith(String url) {
		Optional<Problem> shape = shapeProblem(url);
		if (shape.isPresent()) {
			return shape;
		}
		URI uri = URI.create(url.strip());
		String host = uri.getHost();
		String hostPort = host.toLowerCase(Locale.ROOT) + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
		boolean byOperator = operatorPatterns.stream().anyMatch(pattern -> matches(pattern, hostPort, host));
		if (byOperator) {
			return "http".equals(uri.getScheme()) || "https".equals(uri.getScheme()) ? Optional.empty()
					: Optional.of(Problem.of("hosts.problem.scheme"));
		}
		// the real reason first; the list of hosts the operator allows is never shown (it
		// may name
		// internal addresses, and this message reaches the public sign-up page)
		if (SERVICE_PATTERNS.stream().noneMatch(pattern -> matches(pattern, host.toLowerCase(Locale.ROOT), host))) {
			return Optional.of(Problem.of("hosts.problem.notAService", host));
		}
		if (!"https".equals(uri.getScheme())) {
			return Optional.of(Problem.of("hosts.problem.serviceHttps"));
		}
		if (uri.getPort() > 0 && uri.getPort() != 443) {
			return Optional.of(Problem.of("hosts.problem.servicePort"));
		}
		return Optional.empty();
	}

	/**
	 * Whether Ferry may call an identity provider's address (issuer, token endpoint,
	 * keys): hosts the operator allows, else any https address on the standard port whose
	 * every address is public, so no organisation can aim Ferry's sign-in at an internal
	 * service. The name is resolved now; the check is repeated whenever discovery is
	 * read.
	 * @return empty when allowed, otherwise why not, the real reason first
	 */
	public Optional<Problem> problemWithProvider(String url) {
		Optional<Problem> shape = shapeProblem(url);
		if (shape.isPresent()) {
			return shape;
		}
		URI uri = URI.create(url.strip());
		String host = uri.getHost();
		String hostPort = host.toLowerCase(Locale.ROOT) + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
		if (operatorPatterns.stream().anyMatch(pattern -> matches(pattern, hostPort, host))) {
			return "http".equals(uri.getScheme()) || "https".equals(uri.getScheme()) ? Optional.empty()
					: Optional.of(Problem.of("hosts.problem.scheme"));
		}
		if (!"https".equals(uri.getScheme())) {
			return Optional.of(Problem.of("hosts.problem.providerHttps", host));
		}
		if (uri.getPort() > 0 && uri.getPort() != 443) {
			return Optional.of(Problem.of("hosts.problem.providerPort", host));
		}
		try {
			for (InetAddress address : InetAddress.getAllByName(host)) {
				if (!isPublic(address)) {
					return Optional.of(Problem.of("hosts.problem.private", host));
				}
			}
		}
		catch (UnknownHostException ex) {
			return Optional.of(Problem.of("hosts.problem.unknownHost", host));
		}
		return Optional.empty();
	}

	private static boolean isPublic(InetAddress address) {
		if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		byte[] bytes = address.getAddress();
		// carrier-grade NAT (100.64/10) and IPv6 unique-local (fc00::/7) are private too
		if (bytes.length == 4) {
			return !((bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64);
		}
		return (bytes[0] & 0xfe) != 0xfc;
	}

	/** An absolute address without user, query or fragment, of sane length. */
	private static Optional<Problem> shapeProblem(String url) {
		if (url == null || url.isBlank()) {
			return Optional.of(Problem.of("hosts.problem.missing"));
		}
		if (url.length() > 255) {
			return Optional.of(Problem.of("hosts.problem.tooLong"));
		}
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			return Optional.of(Problem.of("hosts.problem.notAnAddress"));
		}
		String host = uri.getHost();
		if (uri.getScheme() == null || host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
				|| uri.getRawFragment() != null) {
			return Optional.of(Problem.of("hosts.problem.extras"));
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
