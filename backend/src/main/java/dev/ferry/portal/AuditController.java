package dev.ferry.portal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.audit.AuditQuery;
import dev.ferry.audit.AuditRecord;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.system.Refusal;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Role.Permission;

/**
 * The audit log: newest first with a filter, the chain's integrity, and streaming
 * CSV/NDJSON export.
 */
@Controller
@RequestMapping("/t/{slug}/audit")
@OnRefusal("/t/{slug}/audit")
class AuditController {

	private static final int PAGE = 50;

	private final AuditQuery audit;

	private final JsonMapper json;

	AuditController(AuditQuery audit, JsonMapper json) {
		this.audit = audit;
		this.json = json;
	}

	@GetMapping
	String list(@RequestParam(defaultValue = "") String action, @RequestParam(required = false) Long before,
			CurrentTenant tenant, Model model) {
		String filter = action.length() > 64 ? action.substring(0, 64) : action;
		List<AuditRecord> events = audit.page(filter, before, PAGE);
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "audit");
		model.addAttribute("canExport", tenant.permits(Permission.EXPORT_AUDIT));
		model.addAttribute("events", events);
		model.addAttribute("action", filter);
		model.addAttribute("nextBefore", events.size() == PAGE ? events.get(events.size() - 1).id() : null);
		// from the last verified checkpoint: only what was appended since the last view
		// is hashed
		model.addAttribute("chain", audit.verify());
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
	 * Streams the events of [from, to) as CSV or NDJSON, row by row: constant memory for
	 * any size.
	 */
	@GetMapping("/export")
	@RequiresPermission(Permission.EXPORT_AUDIT)
	void export(@RequestParam(defaultValue = "csv") String format, @RequestParam(defaultValue = "") String from,
			@RequestParam(defaultValue = "") String to, CurrentTenant tenant, HttpServletResponse response)
			throws IOException {
		if (!"csv".equals(format) && !"ndjson".equals(format)) {
			throw new Refusal("audit.flash.exportFormat");
		}
		// a day that cannot be read is refused, never widened to the whole log
		Instant start = day(from, Instant.EPOCH);
		Instant end = to.isBlank() ? Instant.now().plusSeconds(1) : day(to, Instant.now()).plusSeconds(86_400);
		if (!end.isAfter(start)) {
			throw new Refusal("audit.flash.exportRange");
		}
		boolean csv = "csv".equals(format);
		response.setContentType(csv ? "text/csv;charset=UTF-8" : "application/x-ndjson;charset=UTF-8");
		response.setHeader("Content-Disposition",
				"attachment; filename=\"ferry-audit-" + tenant.slug() + "." + (csv ? "csv" : "ndjson") + "\"");
		OutputStream out = response.getOutputStream();
		if (csv) {
			write(out, "id,chain_seq,occurred_at,actor_type,actor_id,actor_name,action,target_type,target_id,outcome,"
					+ "details,correlation_id,source_ip,hash\n");
		}
		TenantContext.run(tenant.id(), () -> audit.stream(start, end, event -> {
			if (csv) {
				write(out,
						String.join(",",
								List.of(Long.toString(event.id()), Long.toString(event.chainSeq()),
										event.occurredAt().toString(), cell(event.actorType()), cell(event.actorId()),
										cell(event.actorName()), cell(event.action()), cell(event.targetType()),
										cell(event.targetId()), cell(event.outcome()), cell(event.details()),
										cell(event.correlationId()), cell(event.sourceIp()), event.hash()))
								+ "\n");
			}
			else {
				Map<String, Object> line = new java.util.LinkedHashMap<>();
				line.put("id", event.id());
				line.put("chainSeq", event.chainSeq());
				line.put("occurredAt", event.occurredAt().toString());
				// a missing id or name is JSON null, as the CSV leaves its cell empty:
				// never
				// the word "null"
				Map<String, Object> actor = new java.util.LinkedHashMap<>();
				actor.put("type", event.actorType());
				actor.put("id", event.actorId());
				actor.put("name", event.actorName());
				line.put("actor", actor);
				line.put("action", event.action());
				Map<String, Object> target = new java.util.LinkedHashMap<>();
				target.put("type", event.targetType());
				target.put("id", event.targetId());
				line.put("target", target);
				line.put("outcome", event.outcome());
				line.put("details", json.readTree(event.details()));
				line.put("correlationId", event.correlationId());
				line.put("sourceIp", event.sourceIp());
				line.put("hash", event.hash());
				write(out, json.writeValueAsString(line) + "\n");
			}
		}));
		out.flush();
	}

	private static Instant day(String value, Instant fallback) {
		if (value.isBlank()) {
			return fallback;
		}
		try {
			return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			throw new Refusal("audit.flash.exportDay", value.length() > 20 ? value.substring(0, 20) : value);
		}
	}

	/**
	 * RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a
	 * formula.
	 */
	static String cell(String value) {
		if (value == null) {
			return "";
		}
		String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
		return "\"" + safe.replace("\"", "\"\"") + "\"";
	}

	private static void write(OutputStream out, String text) {
		try {
			out.write(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
