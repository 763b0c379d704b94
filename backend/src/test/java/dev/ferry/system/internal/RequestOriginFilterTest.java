package dev.ferry.system.internal;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.ferry.system.IpBlocks;
import dev.ferry.system.RequestOrigin;

import static org.assertj.core.api.Assertions.assertThat;

/** Who the client is, and whether the request was secure, believed only from trusted proxies (finding 9). */
class RequestOriginFilterTest {

	private final RequestOriginFilter filter = new RequestOriginFilter(IpBlocks.of(List.of("10.0.0.0/8", "::1")));

	@Test
	void fromATrustedProxyTheRightMostUntrustedAddressIsTheClientAndTlsCounts() throws Exception {
		Seen seen = run("10.1.2.3", "198.51.100.1, 203.0.113.9, 10.9.9.9", "https");
		assertThat(seen.clientIp()).isEqualTo("203.0.113.9");
		assertThat(seen.secure()).isTrue();
		assertThat(seen.scheme()).isEqualTo("https");
	}

	@Test
	void fromAnyoneElseForwardedHeadersAreDroppedAndTheConnectionCounts() throws Exception {
		Seen seen = run("192.0.2.50", "203.0.113.9", "https");
		assertThat(seen.clientIp()).isEqualTo("192.0.2.50");
		assertThat(seen.secure()).isFalse();
		assertThat(seen.forwardedFor()).isNull();
	}

	@Test
	void garbageInTheChainStopsTheWalk() throws Exception {
		assertThat(run("10.1.2.3", "203.0.113.9, not-an-ip, 10.9.9.9", null).clientIp()).isEqualTo("10.9.9.9");
		assertThat(run("10.1.2.3", "", null).clientIp()).isEqualTo("10.1.2.3");
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
		Seen[] seen = new Seen[1];
		filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain() {
			@Override
			public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
				HttpServletRequest http = (HttpServletRequest) req;
				seen[0] = new Seen(RequestOrigin.clientIp().orElse(null), http.isSecure(), http.getScheme(),
						http.getHeader("X-Forwarded-For"));
			}
		});
		return seen[0];
	}

	record Seen(String clientIp, boolean secure, String scheme, String forwardedFor) {
	}

}
