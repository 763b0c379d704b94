package dev.ferry.auditfeed;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.Tenants;

/**
 * The read-only audit API (docs/portal-audit-api.md), behind {@link ApiGate}: a token's
 * own organisation's events, and for an MSP's token the customers the MSP manages at the
 * moment of the request and their events. A customer the MSP does not manage (any more)
 * is 404, as if it did not exist.
 */
@RestController
@RequestMapping("/api/audit/v1")
class ApiController {

	private static final int MAX_ACTION_LENGTH = 64;

	private final AuditFeed feed;

	private final Tenants tenants;

	private final JdbcTemplate jdbc;

	ApiController(AuditFeed feed, Tenants tenants, JdbcTemplate jdbc) {
		this.feed = feed;
		this.tenants = tenants;
		this.jdbc = jdbc;
	}

	/** The token's own organisation's events after a cursor. */
	@GetMapping("/events")
	Map<String, Object> events(@AuthenticationPrincipal ApiTokens.Caller caller,
			@RequestParam(required = false) String after, @RequestParam(required = false) String limit,
			@RequestParam(required = false) String since, @RequestParam(required = false) String action) {
		Tenant own = tenants.byId(caller.tenant()).orElseThrow(() -> ApiProblem.notFound("No such organisation."));
		return page(own, after, limit, since, action);
	}

	/** The customers an MSP's token may read now. */
	@GetMapping("/customers")
	Map<String, Object> customers(@AuthenticationPrincipal ApiTokens.Caller caller) {
		requireMsp(caller);
		// the tenant table is not tenant-owned: who manages whom is read as it is now
		List<Map<String, Object>> customers = jdbc.query(
				"select slug, display_name from tenant where managed_by = ? order by slug",
				(rs, n) -> Map.of("slug", rs.getString("slug"), "displayName", rs.getString("display_name"), "events",
						"/api/audit/v1/customers/" + rs.getString("slug") + "/events"),
				caller.tenant());
		return Map.of("customers", customers);
	}

	/** A managed customer's events, for an MSP's token. */
	@GetMapping("/customers/{slug}/events")
	Map<String, Object> customerEvents(@AuthenticationPrincipal ApiTokens.Caller caller, @PathVariable String slug,
			@RequestParam(required = false) String after, @RequestParam(required = false) String limit,
			@RequestParam(required = false) String since, @RequestParam(required = false) String action) {
		requireMsp(caller);
		Tenant customer = tenants.bySlug(slug)
			.filter(found -> caller.tenant().equals(found.managedBy()))
			.orElseThrow(() -> ApiProblem.notFound("No customer \"" + cut(slug) + "\" is managed by this MSP."));
		return TenantContext.call(customer.id(), () -> page(customer, after, limit, since, action));
	}

	@ExceptionHandler(ApiProblem.class)
	ResponseEntity<Map<String, Object>> problem(ApiProblem problem) {
		return problem.answer();
	}

	private Map<String, Object> page(Tenant tenant, String after, String limit, String since, String action) {
		AuditFeed.Page page = feed.after(cursor(after), limit(limit), since(since), action(action));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("organisation", tenant.slug());
		body.put("events", page.events());
		body.put("next", page.next());
		body.put("more", page.more());
		return body;
	}

	private static void requireMsp(ApiTokens.Caller caller) {
		if (caller.scope() != ApiTokens.Scope.MSP) {
			throw new ApiProblem(403, "Forbidden",
					"Only an MSP-wide token reads customers; this token reads its own organisation at /api/audit/v1/events.");
		}
	}

	private static long cursor(String after) {
		if (after == null || after.isBlank()) {
			return 0;
		}
		try {
			long value = Long.parseLong(after.strip());
			if (value >= 0) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ApiProblem.badRequest(
				"\"after\" must be a chain sequence number (0 or more): use the \"next\" of the previous page.");
	}

	private static int limit(String limit) {
		if (limit == null || limit.isBlank()) {
			return 100;
		}
		try {
			int value = Integer.parseInt(limit.strip());
			if (value >= 1 && value <= AuditFeed.MAX_LIMIT) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ApiProblem.badRequest("\"limit\" must be a whole number from 1 to " + AuditFeed.MAX_LIMIT + ".");
	}

	private static Instant since(String since) {
		if (since == null || since.isBlank()) {
			return null;
		}
		try {
			return Instant.parse(since.strip());
		}
		catch (DateTimeParseException ex) {
			throw ApiProblem.badRequest("\"since\" must be an ISO-8601 instant such as 2026-12-01T00:00:00Z.");
		}
	}

	private static String action(String action) {
		if (action == null || action.isBlank()) {
			return null;
		}
		String value = action.strip();
		if (value.length() > MAX_ACTION_LENGTH || !value.matches("[A-Za-z0-9_.-]+")) {
			throw ApiProblem
				.badRequest("\"action\" must be an action or its prefix, such as member or member.role.changed.");
		}
		return value;
	}

	private static String cut(String value) {
		return value.length() > 40 ? value.substring(0, 40) + "…" : value;
	}

}
