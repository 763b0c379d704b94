package dev.ferry.system.internal;

import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.ferry.system.IpBlocks;
import dev.ferry.system.RequestOrigin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who the client is, and whether the request was secure, believed only from trusted
 * proxies (finding 9).
 */
class RequestOriginFilterTest {

	private final RequestOriginFilter filter = new RequestOriginFilter(IpBlocks.of(List.of("10.0.0.0/8", "::1")),
			URI.create("https://ferry.example.com"));

	@Test
	void fromATrustedProxyTheRightMostUntrustedAddressIsTheClient() throws Exception {
		Seen seen = run("10.1.2.3", "198.51.100.1, 203.0.113.9, 10.9.9.9", "http");
		assertThat(seen.clientIp()).isEqualTo("203.0.113.9");
		assertThat(seen.remoteAddr()).isEqualTo("203.0.113.9");
		assertThat(seen.forwardedFor()).as("hidden from the rest of Ferry").isNull();
	}

	@Test
	void fromAnyoneElseTheConnectionIsTheClient() throws Exception {
		Seen seen = run("192.0.2.50", "203.0.113.9", "https");
		assertThat(seen.clientIp()).isEqualTo("192.0.2.50");
		assertThat(seen.remoteAddr()).isEqualTo("192.0.2.50");
		assertThat(seen.forwardedFor()).isNull();
	}

	@Test
	void everyRequestIsAtThePublicAddressWhateverItClaims() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/t/acme/");
		request.setRemoteAddr("10.1.2.3");
		request.setScheme("http");
		request.setServerName("internal-node-7");
		request.setServerPort(8080);
		request.addHeader("Forwarded", "proto=http;host=evil.example");
		request.addHeader("X-Forwarded-Host", "evil.example");
		request.addHeader("X-Forwarded-Prefix", "/evil");
		Seen seen = run(request);
		assertThat(seen.url()).isEqualTo("https://ferry.example.com/t/acme/");
		assertThat(seen.secure()).isTrue();
		assertThat(seen.scheme()).isEqualTo("https");
		assertThat(seen.forwarded()).isNull();
	}

	@Test
	void garbageOrAFloodInTheChainCannotHideTheClient() throws Exception {
		assertThat(run("10.1.2.3", "203.0.113.9, not-an-ip, 10.9.9.9", null).clientIp()).isEqualTo("10.9.9.9");
		assertThat(run("10.1.2.3", "", null).clientIp()).isEqualTo("10.1.2.3");
		// seventy entries written by the client, then the address the proxy saw: still
		// that address
		String flood = "1.1.1.1, ".repeat(70) + "203.0.113.9";
		assertThat(run("10.1.2.3", flood, null).clientIp()).isEqualTo("203.0.113.9");
		assertThat(run("10.1.2.3", "x".repeat(10_000) + ", 203.0.113.9", null).clientIp()).isEqualTo("203.0.113.9");
		// load balancers that add the client's port
		assertThat(run("10.1.2.3", "203.0.113.9:4711", null).clientIp()).isEqualTo("203.0.113.9");
		assertThat(run("10.1.2.3", "[2001:db8::1]:4711", null).clientIp()).isEqualTo("2001:db8::1");
	}

	@Test
	void aCorrelationIdIsKeptWhenItIsAShortTokenAndMadeOtherwise() {
		assertThat(RequestOriginFilter.correlationId("lb-1234-abcd")).isEqualTo("lb-1234-abcd");
		assertThat(RequestOriginFilter.correlationId("bad id with spaces")).hasSize(36);
		assertThat(RequestOriginFilter.correlationId("x".repeat(65))).hasSize(36);
		assertThat(RequestOriginFilter.correlationId(null)).hasSize(36);
	}

	@Test
	void cidrBlocksMatchWhatTheySay() {
		IpBlocks blocks = IpBlocks.of(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));
		assertThat(blocks.contains("10.255.0.1")).isTrue();
		assertThat(blocks.contains("11.0.0.1")).isFalse();
		assertThat(blocks.contains("192.168.1.7")).isTrue();
		assertThat(blocks.contains("192.168.1.8")).isFalse();
		assertThat(blocks.contains("fd12::1")).isTrue();
		assertThat(blocks.contains("localhost")).as("names are never looked up").isFalse();
	}

	private Seen run(String remote, String forwardedFor, String proto) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login");
		request.setRemoteAddr(remote);
		if (forwardedFor != null) {
			request.addHeader("X-Forwarded-For", forwardedFor);
		}
		if (proto != null) {
			request.addHeader("X-Forwarded-Proto", proto);
		}
		return run(request);
	}

	private Seen run(MockHttpServletRequest request) throws Exception {
		Seen[] seen = new Seen[1];
		filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain() {
			@Override
			public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
				HttpServletRequest http = (HttpServletRequest) req;
				seen[0] = new Seen(RequestOrigin.clientIp().orElse(null), http.getRemoteAddr(), http.isSecure(),
						http.getScheme(), http.getRequestURL().toString(), http.getHeader("X-Forwarded-For"),
						http.getHeader("Forwarded"));
			}
		});
		return seen[0];
	}

	record Seen(String clientIp, String remoteAddr, boolean secure, String scheme, String url, String forwardedFor,
			String forwarded) {
	}

}
