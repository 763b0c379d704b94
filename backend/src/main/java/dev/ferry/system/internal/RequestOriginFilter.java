package dev.ferry.system.internal;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.ferry.system.IpBlocks;
import dev.ferry.system.RequestOrigin;

/**
 * The first thing every request meets. It decides who the client is and how the request
 * is seen by everything after it, and gives it a correlation id:
 * <ul>
 * <li>The client is the connection's address, or — when the connection comes from a
 * trusted proxy ({@code ferry.web.trusted-proxies}) — the right-most
 * {@code X-Forwarded-For} address that is not itself a trusted proxy (entries to its left
 * were written by the client and prove nothing). It is the request's remote address from
 * here on.</li>
 * <li>Scheme, host and port are Ferry's public address ({@code ferry.public-url}), for
 * every request: what a request says about itself ({@code Host}, {@code Forwarded},
 * {@code X-Forwarded-Proto/Host/Port/Prefix}) is never believed, and every forwarding
 * header is hidden from the rest of the application. So URLs Ferry builds are always its
 * public ones, and a request is secure exactly when that address is https.</li>
 * <li>{@code X-Request-Id} is kept when it is a short token (so a load balancer's id ties
 * through), else a new one is made; it is sent back on the response.</li>
 * </ul>
 */
class RequestOriginFilter extends OncePerRequestFilter {

	static final String REQUEST_ID = "X-Request-Id";

	/** The most of an {@code X-Forwarded-For} chain read, from its right end. */
	static final int MAX_FORWARDED_CHARS = 2048;

	private final IpBlocks trusted;

	private final URI publicUrl;

	RequestOriginFilter(IpBlocks trusted, URI publicUrl) {
		this.trusted = trusted;
		this.publicUrl = publicUrl;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String remote = request.getRemoteAddr();
		String client = trusted.contains(remote) ? clientBehind(remote, request.getHeaders("X-Forwarded-For")) : remote;
		String correlation = correlationId(request.getHeader(REQUEST_ID));
		MDC.put(RequestOrigin.CLIENT_IP, client);
		MDC.put(RequestOrigin.CORRELATION_ID, correlation);
		response.setHeader(REQUEST_ID, correlation);
		try {
			chain.doFilter(new AsPublished(request, client, publicUrl), response);
		}
		finally {
			MDC.remove(RequestOrigin.CLIENT_IP);
			MDC.remove(RequestOrigin.CORRELATION_ID);
		}
	}

	/**
	 * The right-most address that is not a trusted proxy; the proxy itself when all of
	 * them are.
	 */
	String clientBehind(String proxy, Enumeration<String> forwardedFor) {
		String joined = String.join(",", Collections.list(forwardedFor));
		if (joined.length() > MAX_FORWARDED_CHARS) {
			// only the right end matters, and it was written by the proxies
			joined = joined.substring(joined.length() - MAX_FORWARDED_CHARS);
			int comma = joined.indexOf(',');
			joined = comma < 0 ? "" : joined.substring(comma + 1);
		}
		List<String> hops = new ArrayList<>();
		for (String hop : joined.split(",")) {
			hops.add(withoutPort(hop.strip()));
		}
		String client = proxy;
		for (int i = hops.size() - 1; i >= 0; i--) {
			String hop = hops.get(i);
			if (IpBlocks.parse(hop).isEmpty()) {
				// not an address (a spoofed or obfuscated entry): nothing left of it can
				// be believed
				break;
			}
			client = hop;
			if (!trusted.contains(hop)) {
				break;
			}
		}
		return client;
	}

	/**
	 * {@code 203.0.113.9:4711} → {@code 203.0.113.9}; {@code [2001:db8::1]:4711} →
	 * {@code 2001:db8::1}.
	 */
	static String withoutPort(String hop) {
		if (hop.startsWith("[")) {
			int end = hop.indexOf(']');
			return end < 0 ? hop : hop.substring(1, end);
		}
		int colon = hop.indexOf(':');
		return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
	}

	static String correlationId(String given) {
		if (given != null && given.length() >= 8 && given.length() <= 64 && given.matches("[A-Za-z0-9._-]+")) {
			return given;
		}
		return UUID.randomUUID().toString();
	}

	/**
	 * The request as the rest of Ferry sees it: from the client, at Ferry's public
	 * address.
	 */
	static final class AsPublished extends HttpServletRequestWrapper {

		private final String client;

		private final String scheme;

		private final String host;

		private final int port;

		AsPublished(HttpServletRequest request, String client, URI publicUrl) {
			super(request);
			this.client = client;
			this.scheme = publicUrl.getScheme().toLowerCase(Locale.ROOT);
			this.host = publicUrl.getHost();
			this.port = publicUrl.getPort() > 0 ? publicUrl.getPort() : "https".equals(scheme) ? 443 : 80;
		}

		@Override
		public String getRemoteAddr() {
			return client;
		}

		@Override
		public String getRemoteHost() {
			return client;
		}

		@Override
		public String getScheme() {
			return scheme;
		}

		@Override
		public boolean isSecure() {
			return "https".equals(scheme);
		}

		@Override
		public String getServerName() {
			return host;
		}

		@Override
		public int getServerPort() {
			return port;
		}

		@Override
		public StringBuffer getRequestURL() {
			StringBuffer url = new StringBuffer(scheme).append("://").append(host);
			if (!(("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80))) {
				url.append(':').append(port);
			}
			return url.append(getRequestURI());
		}

		@Override
		public String getHeader(String name) {
			if (forwarding(name)) {
				return null;
			}
			if ("Host".equalsIgnoreCase(name)) {
				return host + (port == 443 || port == 80 ? "" : ":" + port);
			}
			return super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			if (forwarding(name)) {
				return Collections.emptyEnumeration();
			}
			if ("Host".equalsIgnoreCase(name)) {
				return Collections.enumeration(List.of(getHeader("Host")));
			}
			return super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = new ArrayList<>();
			for (String name : Collections.list(super.getHeaderNames())) {
				if (!forwarding(name)) {
					names.add(name);
				}
			}
			return Collections.enumeration(names);
		}

		private static boolean forwarding(String name) {
			String lower = name.toLowerCase(Locale.ROOT);
			return lower.equals("forwarded") || lower.startsWith("x-forwarded-");
		}

	}

}
