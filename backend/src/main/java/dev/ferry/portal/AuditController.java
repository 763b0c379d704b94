package dev.ferry.portal;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.AuditExport;
import dev.ferry.audit.AuditExports;
import dev.ferry.audit.AuditFilter;
import dev.ferry.audit.AuditQuery;
import dev.ferry.audit.Happened;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.system.NotFound;
import dev.ferry.system.Refusal;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Role.Permission;

/**
 * The audit log: the events that match the filters in the URL, a page at a time in either
 * direction (htmx swaps the results alone; without JavaScript the same URL is a whole
 * page), the chain's integrity from its checkpoint, the current view exported as a
 * verifiable zip, and the scheduled exports.
 */
@Controller
@RequestMapping("/t/{slug}/audit")
@OnRefusal("/t/{slug}/audit")
class AuditController {

	static final int PAGE = 50;

	/** The results alone, for an htmx request. */
	static final String RESULTS = "audit/list :: results";

	private final AuditQuery audit;

	private final AuditExport export;

	private final AuditExports exports;

	private final JsonMapper json;

	private final org.springframework.context.ApplicationEventPublisher events;

	AuditController(AuditQuery audit, AuditExport export, AuditExports exports, JsonMapper json,
			org.springframework.context.ApplicationEventPublisher events) {
		this.audit = audit;
		this.export = export;
		this.exports = exports;
		this.json = json;
		this.events = events;
	}

	@GetMapping
	String list(Filters filters, @RequestParam(required = false) Long before,
			@RequestParam(required = false) Long after, CurrentTenant tenant, HtmxRequest htmx, Model model) {
		AuditFilter filter = filters.toFilter();
		AuditQuery.Page page = audit.page(filter, before, after, PAGE);
		model.addAttribute("tenant", tenant);
		model.addAttribute("filters", filters);
		model.addAttribute("events", page.events().stream().map(event -> AuditEntryView.of(event, json)).toList());
		model.addAttribute("newerUrl", page.newer() == null ? null : filters.url(tenant.slug(), "after", page.newer()));
		model.addAttribute("olderUrl",
				page.older() == null ? null : filters.url(tenant.slug(), "before", page.older()));
		model.addAttribute("canExport", tenant.permits(Permission.EXPORT_AUDIT));
		model.addAttribute("csvUrl", filters.exportUrl(tenant.slug(), "csv"));
		model.addAttribute("ndjsonUrl", filters.exportUrl(tenant.slug(), "ndjson"));
		model.addAttribute("filtered", !filters.toFilter().equals(AuditFilter.NONE));
		boolean swap = htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest();
		model.addAttribute("swapped", swap);
		if (swap) {
			return RESULTS;
		}
		model.addAttribute("activeNav", "audit");
		model.addAttribute("actions", audit.actions());
		model.addAttribute("outcomes", List.of("SUCCESS", "FAILURE", "DENIED"));
		// from the last verified checkpoint: only what was appended since the last view
		// is hashed
		model.addAttribute("chain", audit.verify());
		model.addAttribute("schedule", exports.schedule());
		model.addAttribute("stored", exports.list());
		model.addAttribute("canSchedule", tenant.permits(Permission.MANAGE_SETTINGS));
		return "audit/list";
	}

	/**
	 * Checks the whole chain from its first event now (the scheduler does it daily), for
	 * someone who wants certainty before an audit. Its time grows with the log, so it is
	 * a button, never a page view.
	 */
	@PostMapping("/verify")
	@RequiresPermission(Permission.EXPORT_AUDIT)
	String verifyAll(RedirectAttributes flash) {
		AuditQuery.ChainCheck check = audit.verifyAll();
		(check.intact() ? Flash.success("audit.flash.verified", check.verifiedThrough())
				: Flash.error("audit.flash.broken", check.firstBroken()))
			.showAfterRedirect(flash);
		return "redirect:/t/{slug}/audit";
	}

	/**
	 * The events the page's filters select, oldest first, as a zip with the rows (CSV or
	 * NDJSON) and a manifest an auditor checks without Ferry; streamed row by row, so
	 * constant memory for any size. The export itself is audited.
	 */
	@GetMapping("/export")
	@RequiresPermission(Permission.EXPORT_AUDIT)
	void export(@RequestParam(defaultValue = "csv") String format, Filters filters, CurrentTenant tenant,
			@AuthenticationPrincipal FerryUser user, HttpServletResponse response) throws IOException {
		AuditExport.Format as = AuditExport.Format.of(format);
		if (as == null) {
			throw new Refusal("audit.flash.exportFormat");
		}
		AuditFilter filter = filters.toFilter();
		if (filter.from() != null && filter.to() != null && !filter.to().isAfter(filter.from())) {
			throw new Refusal("audit.flash.exportRange");
		}
		response.setContentType("application/zip");
		response.setHeader("Content-Disposition",
				"attachment; filename=\"" + export.filename(tenant.slug(), Instant.now()) + "\"");
		AuditExport.Manifest manifest = TenantContext.call(tenant.id(),
				() -> export.write(filter, as, tenant.slug(), response.getOutputStream()));
		response.flushBuffer();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("format", as.extension());
		details.put("filters", manifest.filters());
		details.put("rows", manifest.rowCount());
		details.put("firstSeq", manifest.firstSeq());
		details.put("lastSeq", manifest.lastSeq());
		events.publishEvent(new Happened(tenant.id(), MembersController.actor(user), "audit.exported", "audit", null,
				AuditEntry.Outcome.SUCCESS, details)
			.evenIfRolledBack());
	}

	/** The scheduled exports' settings: how often, in which format, how many kept. */
	@PostMapping("/schedule")
	@RequiresPermission(Permission.MANAGE_SETTINGS)
	String schedule(@RequestParam String frequency, @RequestParam String format, @RequestParam String keep,
			@AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		int kept;
		try {
			kept = Integer.parseInt(keep.strip());
		}
		catch (NumberFormatException ex) {
			throw new Refusal("audit.flash.scheduleKeep");
		}
		exports.setSchedule(new AuditExports.Schedule(frequency, format, kept), MembersController.actor(user));
		Flash.success("audit.flash.scheduleSaved").showAfterRedirect(flash);
		return "redirect:/t/{slug}/audit";
	}

	/** A stored scheduled export, as it was written. */
	@GetMapping("/exports/{id}")
	@RequiresPermission(Permission.EXPORT_AUDIT)
	void download(@PathVariable long id, HttpServletResponse response) throws IOException {
		AuditExports.Stored stored = exports.find(id).orElseThrow(() -> new NotFound("audit export " + id));
		response.setContentType("application/zip");
		response.setHeader("Content-Disposition", "attachment; filename=\"" + stored.filename() + "\"");
		response.setContentLengthLong(stored.sizeBytes());
		exports.copy(id, response.getOutputStream());
		response.flushBuffer();
	}

	/**
	 * The filters as the URL carries them (bound from the query string, so a view is a
	 * bookmark). Times are UTC, as the page shows them: a day, a day and a time (to the
	 * minute, as a browser's date-time field sends it, or the second), or an instant.
	 */
	record Filters(String from, String to, String actor, String action, String outcome, String target, String q) {

		AuditFilter toFilter() {
			return new AuditFilter(instant(from, false), instant(to, true), actor, action, outcome, target, q, null,
					null);
		}

		/** This page's URL with these filters and a cursor. */
		String url(String slug, String cursor, long value) {
			return query(UriComponentsBuilder.fromPath("/t/{slug}/audit")).queryParam(cursor, value)
				.buildAndExpand(slug)
				.encode()
				.toUriString();
		}

		String exportUrl(String slug, String format) {
			return query(UriComponentsBuilder.fromPath("/t/{slug}/audit/export")).queryParam("format", format)
				.buildAndExpand(slug)
				.encode()
				.toUriString();
		}

		private UriComponentsBuilder query(UriComponentsBuilder builder) {
			Map<String, String> parts = new LinkedHashMap<>();
			parts.put("from", from);
			parts.put("to", to);
			parts.put("actor", actor);
			parts.put("action", action);
			parts.put("outcome", outcome);
			parts.put("target", target);
			parts.put("q", q);
			parts.forEach((name, value) -> {
				if (value != null && !value.isBlank()) {
					builder.queryParam(name, value.strip());
				}
			});
			return builder;
		}

		/**
		 * @param end whether it ends a range: a day then means through its end, a minute
		 * through its last second
		 */
		static Instant instant(String value, boolean end) {
			if (value == null || value.isBlank()) {
				return null;
			}
			String typed = value.strip();
			try {
				if (typed.length() == 10) {
					LocalDate day = LocalDate.parse(typed);
					return (end ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
				}
				if (typed.endsWith("Z")) {
					return Instant.parse(typed);
				}
				LocalDateTime time = LocalDateTime.parse(typed);
				boolean toTheMinute = typed.length() == 16;
				return (end && toTheMinute ? time.plusMinutes(1) : time).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException ex) {
				throw new Refusal("audit.flash.badTime", typed.length() > 25 ? typed.substring(0, 25) : typed);
			}
		}

	}

}
