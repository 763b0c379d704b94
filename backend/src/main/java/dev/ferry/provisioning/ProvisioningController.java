package dev.ferry.provisioning;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.audit.AuditEntry;
import dev.ferry.portal.Flash;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.tenant.Role.Permission;
import dev.ferry.work.WorkStats;

/**
 * The Provisioning overview (state, work, latest runs and a chart of them), the buttons
 * that start runs, and a run's page with its live progress, operations and held plan.
 */
@Controller
class ProvisioningController {

	static final List<String> OPERATION_STATUSES = List.of("PLANNED", "APPLIED", "SKIPPED", "FAILED", "HELD",
			"REJECTED");

	static final int OPERATIONS_SHOWN = 500;

	private final Provisioning provisioning;

	private final WorkStats work;

	private final JsonMapper json;

	ProvisioningController(Provisioning provisioning, WorkStats work, JsonMapper json) {
		this.provisioning = provisioning;
		this.work = work;
		this.json = json;
	}

	@GetMapping("/t/{slug}/provisioning")
	String overview(CurrentTenant tenant, Model model) {
		List<RunSummary> runs = provisioning.latestRuns(20);
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "provisioning");
		model.addAttribute("canRun", tenant.permits(Permission.RUN_PROVISIONING));
		model.addAttribute("config", provisioning.config());
		model.addAttribute("version", provisioning.configVersion());
		model.addAttribute("linked", provisioning.linkedAccounts());
		model.addAttribute("work", work.current());
		model.addAttribute("runs", runs);
		model.addAttribute("chart", RunChart.of(runs));
		return "provisioning/overview";
	}

	@PostMapping("/t/{slug}/provisioning/dry-run")
	@RequiresPermission(Permission.RUN_PROVISIONING)
	String dryRun(@PathVariable String slug, @AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		UUID run = provisioning.startRun(true, actor(user));
		Flash.success("provisioning.flash.dryRunStarted").showAfterRedirect(flash);
		return "redirect:/t/" + slug + "/provisioning/runs/" + run;
	}

	@PostMapping("/t/{slug}/provisioning/reconcile")
	@RequiresPermission(Permission.RUN_PROVISIONING)
	String reconcile(@PathVariable String slug, @AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		UUID run = provisioning.startRun(false, actor(user));
		Flash.success("provisioning.flash.reconcileStarted").showAfterRedirect(flash);
		return "redirect:/t/" + slug + "/provisioning/runs/" + run;
	}

	@PostMapping("/t/{slug}/provisioning/import/start")
	@RequiresPermission(Permission.RUN_PROVISIONING)
	String importNow(@PathVariable String slug, @AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		provisioning.startImport(actor(user));
		Flash.success("provisioning.flash.importStarted").showAfterRedirect(flash);
		return "redirect:/t/" + slug + "/provisioning";
	}

	@GetMapping("/t/{slug}/provisioning/runs/{id}")
	String run(@PathVariable UUID id, @RequestParam(defaultValue = "ALL") String status, CurrentTenant tenant,
			Model model) {
		RunSummary run = find(id);
		String filter = OPERATION_STATUSES.contains(status) ? status : "ALL";
		List<OperationView> operations = provisioning
			.operations(id, "ALL".equals(filter) ? null : filter, OPERATIONS_SHOWN)
			.stream()
			.map(operation -> OperationView.of(operation, json))
			.toList();
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "provisioning");
		model.addAttribute("canRun", tenant.permits(Permission.RUN_PROVISIONING));
		model.addAttribute("run", run);
		model.addAttribute("status", filter);
		model.addAttribute("statuses", OPERATION_STATUSES);
		model.addAttribute("operations", operations);
		model.addAttribute("cut", operations.size() == OPERATIONS_SHOWN);
		if (run.status() == RunStatus.HELD) {
			List<RecordedOperation> held = provisioning.operations(id, "HELD", Integer.MAX_VALUE);
			model.addAttribute("heldDisable", held.stream().filter(o -> "DISABLE_ACCOUNT".equals(o.op())).count());
			model.addAttribute("heldDelete", held.stream().filter(o -> "DELETE_ACCOUNT".equals(o.op())).count());
			model.addAttribute("heldOther",
					held.stream()
						.filter(o -> !"DISABLE_ACCOUNT".equals(o.op()) && !"DELETE_ACCOUNT".equals(o.op()))
						.count());
		}
		return "provisioning/run";
	}

	/**
	 * The progress fragment alone, which re-fetches itself every second while the run is
	 * going. The poll that sees the run finish asks htmx to reload the page, so its
	 * operations show complete.
	 */
	@GetMapping("/t/{slug}/provisioning/runs/{id}/progress")
	String progress(@PathVariable UUID id, @RequestHeader(name = "HX-Request", required = false) String htmx,
			CurrentTenant tenant, HttpServletResponse response, Model model) {
		RunSummary run = find(id);
		if ("true".equals(htmx) && run.finished()) {
			response.setHeader("HX-Refresh", "true");
		}
		model.addAttribute("tenant", tenant);
		model.addAttribute("run", run);
		return "provisioning/run :: progress";
	}

	@PostMapping("/t/{slug}/provisioning/runs/{id}/approve")
	@RequiresPermission(Permission.RUN_PROVISIONING)
	String approve(@PathVariable String slug, @PathVariable UUID id, @AuthenticationPrincipal FerryUser user,
			RedirectAttributes flash) {
		try {
			provisioning.approveHeld(id, actor(user));
			Flash.success("provisioning.flash.held.approved").showAfterRedirect(flash);
		}
		catch (IllegalStateException | NoSuchElementException ex) {
			Flash.error("provisioning.flash.held.nothingToApprove").showAfterRedirect(flash);
		}
		return "redirect:/t/" + slug + "/provisioning/runs/" + id;
	}

	@PostMapping("/t/{slug}/provisioning/runs/{id}/reject")
	@RequiresPermission(Permission.RUN_PROVISIONING)
	String reject(@PathVariable String slug, @PathVariable UUID id, @AuthenticationPrincipal FerryUser user,
			RedirectAttributes flash) {
		try {
			provisioning.rejectHeld(id, actor(user));
			Flash.success("provisioning.flash.held.rejected").showAfterRedirect(flash);
		}
		catch (IllegalStateException | NoSuchElementException ex) {
			Flash.error("provisioning.flash.held.nothingToReject").showAfterRedirect(flash);
		}
		return "redirect:/t/" + slug + "/provisioning/runs/" + id;
	}

	private RunSummary find(UUID id) {
		return provisioning.run(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	static AuditEntry.Actor actor(FerryUser user) {
		return AuditEntry.Actor.member(user.getSubject(), user.displayName());
	}

}
