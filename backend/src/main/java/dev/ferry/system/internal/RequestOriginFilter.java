package dev.ferry.system.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.web.filter.ForwardedHeaderFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.ferry.system.IpBlocks;
import dev.ferry.system.RequestOrigin;

/**
 * The first thing every request meets. It decides who the client is and how they reached Ferry, and
 * gives the request a correlation id:
 * <ul>
 * <li>From a trusted proxy ({@code ferry.web.trusted-proxies}), {@code X-Forwarded-Proto/Host/Port} are
 * applied (so the request is secure when the proxy terminated TLS), and the client is the right-most
 * {@code X-Forwarded-For} entry that is not itself a trusted proxy: entries to its left were written by
 * the client and prove nothing.</li>
 * <li>From anyone else, forwarded headers are removed and the client is the connection's address.</li>
 * <li>{@code X-Request-Id} is kept when it is a short token (so a load balancer's id ties through), else a
 * new one is made; it is sent back on the response.</li>
 * </ul>
 */
class RequestOriginFilter extends OncePerRequestFilter {

	static final String REQUEST_ID = "X-Request-Id";

	private final IpBlocks trusted;

	private final ForwardedHeaderFilter applyForwarded = new ForwardedHeaderFilter();

	private final ForwardedHeaderFilter removeForwarded = new ForwardedHeaderFilter();

	RequestOriginFilter(IpBlocks trusted) {
		this.trusted = trusted;
		this.removeForwarded.setRemoveOnly(true);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String remote = request.getRemoteAddr();
		boolean fromProxy = trusted.contains(remote);
		String client = fromProxy ? clientBehind(remote, request.getHeaders("X-Forwarded-For")) : remote;
		String correlation = correlationId(request.getHeader(REQUEST_ID));
		MDC.put(RequestOrigin.CLIENT_IP, client);
		MDC.put(RequestOrigin.CORRELATION_ID, correlation);
		response.setHeader(REQUEST_ID, correlation);
		try {
			(fromProxy ? applyForwarded : removeForwarded).doFilter(request, response, chain);
		}
		finally {
			MDC.remove(RequestOrigin.CLIENT_IP);
			MDC.remove(RequestOrigin.CORRELATION_ID);
		}
	}

	/** The right-most address that is not a trusted proxy; the proxy itself when all of them are. */
	String clientBehind(String proxy, java.util.Enumeration<String> forwardedFor) {
		List<String> hops = new ArrayList<>();
		for (String header : Collections.list(forwardedFor)) {
			for (String hop : header.split(",", 64)) {
				hops.add(hop.strip());
			}
		}
		String client = proxy;
		for (int i = hops.size() - 1; i >= 0; i--) {
			String hop = hops.get(i);
			if (IpBlocks.parse(hop).isEmpty()) {
				// not an address (a spoofed or obfuscated entry): nothing left of it can be believed
				break;
			}
			client = hop;
			if (!trusted.contains(hop)) {
				break;
			}
		}
		return client;
	}

	static String correlationId(String given) {
		if (given != null && given.length() >= 8 && given.length() <= 64 && given.matches("[A-Za-z0-9._-]+")) {
			return given;
		}
		return UUID.randomUUID().toString();
	}

}
