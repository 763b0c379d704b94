package dev.ferry.provisioning;

import java.time.Clock;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.ferry.connection.Connections;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.tenant.Members;

/**
 * The organisation's dashboard, its home page: the numbers behind each card (refreshed by
 * htmx every 30 s) and a week of operations and change → ShareFile latency. Each number
 * comes from the module that owns it; this only puts them on the page.
 *
 * <p>
 * It lives in the provisioning module, not in the portal's: provisioning already uses the
 * portal ({@code Flash}), so the portal asking provisioning for its numbers would make a
 * cycle that Spring Modulith refuses.
 */
@Controller
class DashboardController {

	private final ProvisioningDashboard dashboard;

	private final Connections connections;

	private final Members members;

	private final Clock clock;

	DashboardController(ProvisioningDashboard dashboard, Connections connections, Members members, Clock clock) {
		this.clock = clock;
		this.dashboard = dashboard;
		this.connections = connections;
		this.members = members;
	}

	@GetMapping("/t/{slug}/")
	String dashboard(CurrentTenant tenant, Model model) {
		numbers(tenant, model);
		ProvisioningDashboard.Activity activity = dashboard.activity();
		model.addAttribute("activity", activity);
		model.addAttribute("charts", ActivityCharts.of(activity));
		model.addAttribute("activeNav", "overview");
		return "portal/overview";
	}

	/** The cards alone, for htmx's refresh. */
	@GetMapping("/t/{slug}/dashboard/numbers")
	String numbers(CurrentTenant tenant, Model model) {
		model.addAttribute("tenant", tenant);
		model.addAttribute("figures", dashboard.figures());
		model.addAttribute("target", connections.targetHealth());
		model.addAttribute("source", connections.sourceHealth());
		model.addAttribute("members", members.count());
		model.addAttribute("updatedAt", clock.instant());
		return "portal/overview :: numbers";
	}

}
