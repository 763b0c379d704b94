package dev.ferry.connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Notes every answered request to an organisation's SCIM endpoint in {@link ScimTraffic}.
 * It runs before Spring Security, so it sees the gate's refusals (a wrong token's 401) as
 * well as the controllers' answers; the gate tells it the organisation and the token
 * ({@link ScimTraffic#authenticated}). A request for no organisation, or refused before
 * its token was checked (a body over the cap), is not anyone's traffic and is not noted.
 * Noting is a map update: nothing is written while the identity provider waits.
 */
final class ScimTrafficFilter extends OncePerRequestFilter {

	/** What a path SCIM does not define is shown as. */
	static final String OTHER = "?";

	/** The resource types of RFC 7644 §3.2: anything else might carry anything. */
	private static final Set<String> RESOURCES = Set.of("Users", "Groups", "Me", "ServiceProviderConfig",
			"ResourceTypes", "Schemas", "Bulk", ".search");

	private static final int MAX_CLIENT = 60;

	private static final int MAX_DETAIL = 300;

	private static final Logger log = LoggerFactory.getLogger(ScimTrafficFilter.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ScimTraffic traffic;

	private final Clock clock;

	ScimTrafficFilter(ScimTraffic traffic, Clock clock) {
		this.traffic = traffic;
		this.clock = clock;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith(request.getContextPath() + "/scim/v2/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ScimTraffic.Caller caller = ScimTraffic.begin();
		ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
		boolean failed = true;
		try {
			chain.doFilter(request, answer);
			failed = false;
		}
		finally {
			ScimTraffic.end();
			if (caller.tenant() != null) {
				note(caller, request, answer, failed);
			}
			answer.copyBodyToResponse();
		}
	}

	private void note(ScimTraffic.Caller caller, HttpServletRequest request, ContentCachingResponseWrapper answer,
			boolean failed) {
		try {
			// an exception thrown through here becomes the container's 500
			int status = failed ? 500 : answer.getStatus();
			String detail = status >= 400 ? detail(answer.getContentAsByteArray()) : null;
			traffic.record(caller.tenant(),
					new ScimTraffic.Request(clock.instant(), request.getMethod(),
							resource(request.getRequestURI().substring(request.getContextPath().length())), status,
							client(request.getHeader(HttpHeaders.USER_AGENT)), caller.token(), detail));
		}
		catch (RuntimeException ex) {
			// the page is an aid: its bookkeeping never spoils a SCIM answer
			log.warn("SCIM request not noted: {}", ex.toString());
		}
	}

	/**
	 * {@code /scim/v2/{slug}/Users/2819c223...?filter=...} → {@code /Users/{id}}: the
	 * resource type only, never an id or a parameter.
	 */
	static String resource(String path) {
		String[] parts = path.split("/");
		// "", "scim", "v2", slug, resource, id...
		if (parts.length <= 4) {
			return "/";
		}
		if (!RESOURCES.contains(parts[4])) {
			return OTHER;
		}
		return "/" + parts[4] + (parts.length > 5 ? "/{id}" : "");
	}

	/** The identity provider by name, as its User-Agent shows it. */
	static String client(String userAgent) {
		if (userAgent == null || userAgent.isBlank()) {
			return null;
		}
		String ua = userAgent.toLowerCase(Locale.ROOT);
		if (ua.contains("okta")) {
			return "Okta";
		}
		if (ua.contains("azure ad") || ua.contains("microsoft")) {
			return "Microsoft Entra ID";
		}
		if (ua.contains("onelogin")) {
			return "OneLogin";
		}
		if (ua.contains("jumpcloud")) {
			return "JumpCloud";
		}
		String printable = userAgent.strip().replaceAll("\\p{Cntrl}", " ");
		return printable.length() <= MAX_CLIENT ? printable : printable.substring(0, MAX_CLIENT - 1) + "…";
	}

	/** The SCIM Error's detail (RFC 7644 §3.12), shortened; null when there is none. */
	static String detail(byte[] body) {
		if (body.length == 0) {
			return null;
		}
		try {
			JsonNode detail = JSON.readTree(new String(body, StandardCharsets.UTF_8)).get("detail");
			if (detail == null || !detail.isString()) {
				return null;
			}
			String text = detail.asString().strip().replaceAll("\\p{Cntrl}", " ");
			return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL - 1) + "…";
		}
		catch (RuntimeException ex) {
			// not a SCIM Error (a container's page): the status says enough
			return null;
		}
	}

}
