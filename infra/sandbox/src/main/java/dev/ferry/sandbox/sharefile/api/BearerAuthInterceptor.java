package dev.ferry.sandbox.sharefile.api;

import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.ferry.sandbox.sharefile.ShareFileAccount;
import dev.ferry.sandbox.sharefile.ShareFileAccounts;
import dev.ferry.sandbox.sharefile.ShareFileException;
import dev.ferry.sandbox.sharefile.ShareFileTokens;
import dev.ferry.sandbox.sharefile.SfUser;

/**
 * In front of every {@code /sharefile/{sub}/sf/v3/...} handler: finds the account, checks
 * {@code Authorization: Bearer} (missing, unknown or expired → 401 NotAuthenticated),
 * insists on JSON request bodies ("other Content-Type requests are not currently
 * supported" → 415), and leaves an {@link ApiContext} for the handler.
 */
@Component
class BearerAuthInterceptor implements HandlerInterceptor {

	private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

	private final ShareFileAccounts accounts;

	private final ShareFileTokens tokens;

	BearerAuthInterceptor(ShareFileAccounts accounts, ShareFileTokens tokens) {
		this.accounts = accounts;
		this.tokens = tokens;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String subdomain = subdomain(request);
		ShareFileAccount account = accounts.find(subdomain).orElseThrow(ShareFileException::notFound);
		SfUser caller = bearer(request).flatMap(token -> tokens.session(subdomain, token))
			.flatMap(session -> account.user(session.userId()))
			.filter(user -> !user.disabled())
			.orElseThrow(BearerAuthInterceptor::notAuthenticated);
		requireJsonBody(request);
		String apiBase = ServletUriComponentsBuilder.fromContextPath(request)
			.path("/sharefile/{sub}/sf/v3")
			.buildAndExpand(subdomain)
			.toUriString();
		request.setAttribute(ApiContext.ATTRIBUTE, new ApiContext(account, caller, apiBase));
		return true;
	}

	static ShareFileException notAuthenticated() {
		return new ShareFileException(HttpStatus.UNAUTHORIZED, "NotAuthenticated",
				"You must log in to view this link.");
	}

	private static java.util.Optional<String> bearer(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return java.util.Optional.empty();
		}
		String token = header.substring(7).trim();
		return token.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(token);
	}

	private static void requireJsonBody(HttpServletRequest request) {
		if (!WRITES.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
			return;
		}
		boolean hasBody = request.getContentLengthLong() > 0
				|| request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
		String contentType = request.getContentType();
		if (!hasBody && contentType == null) {
			return;
		}
		try {
			MediaType type = contentType == null ? null : MediaType.parseMediaType(contentType);
			if (type != null && (type.isCompatibleWith(MediaType.APPLICATION_JSON) || "json".equals(type.getSubtype())
					|| type.getSubtype().endsWith("+json"))) {
				return;
			}
		}
		catch (InvalidMediaTypeException ex) {
			// reported below
		}
		throw new ShareFileException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "BadRequest",
				"Content-Type " + contentType + " is not supported; send application/json.");
	}

	/** {@code /sharefile/acme/sf/v3/Users} → {@code acme}. */
	private static String subdomain(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String[] parts = path.split("/", 4);
		return parts.length > 2 ? parts[2] : "";
	}

}
