package dev.ferry.provisioning;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponseHeader;
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

import dev.ferry.audit.AuditEntry;
import dev.ferry.portal.Flash;
import dev.ferry.portal.OnRefusal;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.system.NotFound;
import dev.ferry.tenant.Role.Permission;
import dev.ferry.work.WorkStats;

/**
 * The Provisioning overview (state, work, latest runs and a chart of them), the buttons
 * that start runs, and a run's page with its live progress, operations and held plan.
 */
@Controller
@RequestMapping("/t/{slug}/provisioning")
class ProvisioningController {

	static final List<String> OPERATION_STATUSES = Arrays.stream(OperationStatus.values())
		.map(OperationStatus::name)
		.toList();

	static final int OPERATIONS_SHOWN = 500;

	/** A run's page. */
	private static final String RUN = "/t/{slug}/provisioning/runs/{id}";

	private final Provisioning provisioning;

	private final WorkStats work;

	private final JsonMapper json;

	ProvisioningController(Provisioning provisioning, WorkStats work, JsonMapper json) {
		this.provisioning = provisioning;
		this.work = work;
		this.json = json;
	}

	@GetMapping
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

	@PostMapping("/dry-run")
	@RequiresPermission(Permission.RUN_PROVISIONING)
	String dryRun(@AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		RunId run = provisioning.startRun(true, actor(user));
		Flash.success("provisioning.flash.dryRunStarted").showAfterRedirect(flash);
		return "redirect:/t/{slug}/provisioning/runs/" + run;
	}

	@PostMapping("/reconcile")
	@RequiresPermission(Permission.RUN_PROVISIONING)
	String reconcile(@AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		RunId run = provisioning.startRun(false, actor(user));
		Flash.success("provisioning.flash.reconcileStarted").showAfterRedirect(flash);
		return "redirect:/t/{slug}/provisioning/runs/" + run;
	}

	@PostMapping("/import/start")
	@RequiresPermission(Permission.RUN_PROVISIONING)
	String importNow(@AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		provisioning.startImport(actor(user));
		Flash.success("provisioning.flash.importStarted").showAfterRedirect(flash);
		return "redirect:/t/{slug}/provisioning";
	}

	@GetMapping("/runs/{id}")
	String run(@PathVariable RunId id, @RequestParam(defaultValue = "ALL") String status, CurrentTenant tenant,
			Model model) {
		RunSummary run = find(id);
		String filter = OPERATION_STATUSES.contains(status) ? status : "ALL";
		List<OperationView> operations = provisioning
			.operations(id, "ALL".equals(filter) ? null : OperationStatus.valueOf(filter), OPERATIONS_SHOWN)
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
			List<RecordedOperation> held = provisioning.operations(id, OperationStatus.HELD, Integer.MAX_VALUE);
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
	 * operations show complete. htmx-spring-boot 5.0 offers that reload only as a view of
	 * its own with an empty body ({@code HtmxRefreshView}); this answer still carries the
	 * finished bar, so the header is set here, by the library's name for it.
	 */
	@GetMapping("/runs/{id}/progress")
	String progress(@PathVariable RunId id, HtmxRequest htmx, CurrentTenant tenant, HttpServletResponse response,
			Model model) {
		RunSummary run = find(id);
		if (htmx.isHtmxRequest() && run.finished()) {
			response.setHeader(HtmxResponseHeader.HX_REFRESH.getValue(), "true");
		}
		model.addAttribute("tenant", tenant);
		model.addAttribute("run", run);
		return "provisioning/run :: runProgress";
	}

	/** A run that holds nothing (any more) is refused back on the run's page. */
	@PostMapping("/runs/{id}/approve")
	@RequiresPermission(Permission.RUN_PROVISIONING)
	@OnRefusal(RUN)
	String approve(@PathVariable RunId id, @AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		provisioning.approveHeld(id, actor(user));
		Flash.success("provisioning.flash.held.approved").showAfterRedirect(flash);
		return "redirect:" + RUN;
	}

	@PostMapping("/runs/{id}/reject")
	@RequiresPermission(Permission.RUN_PROVISIONING)
	@OnRefusal(RUN)
	String reject(@PathVariable RunId id, @AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		provisioning.rejectHeld(id, actor(user));
		Flash.success("provisioning.flash.held.rejected").showAfterRedirect(flash);
		return "redirect:" + RUN;
	}

	private RunSummary find(RunId id) {
		return provisioning.run(id).orElseThrow(() -> new NotFound("run " + id));
	}

	static AuditEntry.Actor actor(FerryUser user) {
		return AuditEntry.Actor.member(user.getSubject(), user.displayName());
	}

}
