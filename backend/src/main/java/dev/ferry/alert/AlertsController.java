package dev.ferry.alert;

import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.alert.internal.AlertProperties;
import dev.ferry.audit.AuditEntry;
import dev.ferry.portal.Flash;
import dev.ferry.portal.OnRefusal;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.system.Refusal;
import dev.ferry.tenant.Role.Permission;
import dev.ferry.tenant.TenantKind;

/**
 * The alert settings page: where the organisation's alerts go (e-mail recipients, a
 * webhook), which kinds, the throttling threshold, a test alert, and the recent alerts
 * with what became of their messages. Every member reads it; owners and admins change it.
 */
@Controller
@RequestMapping("/t/{slug}/alerts")
@OnRefusal("/t/{slug}/alerts")
class AlertsController {

	static final int RECENT = 50;

	private static final String PAGE = "redirect:/t/{slug}/alerts";

	private final Alerts alerts;

	private final AlertProperties properties;

	AlertsController(Alerts alerts, AlertProperties properties) {
		this.alerts = alerts;
		this.properties = properties;
	}

	/** What the form shows: the saved settings, or what was typed when it was refused. */
	record Form(String emails, List<String> kinds, String throttleMinutes, boolean invalidEmails,
			boolean invalidWebhook, boolean invalidThrottle) {

		static Form of(AlertSettings settings) {
			return new Form(String.join(", ", settings.emails()), settings.kinds().stream().map(Enum::name).toList(),
					Integer.toString(settings.throttleMinutes()), false, false, false);
		}

	}

	@GetMapping
	String page(CurrentTenant tenant, Model model) {
		AlertSettings settings = alerts.settings();
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", Form.of(settings));
		}
		model.addAttribute("settings", settings);
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "alerts");
		model.addAttribute("canChange", tenant.permits(Permission.MANAGE_SETTINGS));
		model.addAttribute("msp", tenant.kind() == TenantKind.MSP);
		model.addAttribute("kinds", AlertKind.choosable());
		model.addAttribute("recent", alerts.recent(RECENT));
		model.addAttribute("digestMinutes", Math.max(1, properties.digestWindow().toMinutes()));
		return "alerts/settings";
	}

	@PostMapping
	@RequiresPermission(Permission.MANAGE_SETTINGS)
	String save(@RequestParam(defaultValue = "") String emails, @RequestParam(defaultValue = "") String webhookUrl,
			@RequestParam(defaultValue = "false") boolean removeWebhook,
			@RequestParam(name = "kinds", required = false) List<String> kinds,
			@RequestParam(defaultValue = "") String throttleMinutes, @AuthenticationPrincipal FerryUser user,
			CurrentTenant tenant, Model model, RedirectAttributes flash) {
		try {
			alerts.save(emails, webhookUrl, removeWebhook, kinds, throttleMinutes, actor(user));
		}
		catch (Refusal refused) {
			// the page again with what was typed (but never the webhook address, a
			// secret), the problem said above it
			String code = refused.problem().code();
			model.addAttribute("form",
					new Form(emails, kinds == null ? List.of() : kinds, throttleMinutes,
							code.equals("alerts.problem.email") || code.equals("alerts.problem.tooManyRecipients"),
							code.contains("webhook") || code.startsWith("hosts."),
							code.equals("alerts.problem.throttleMinutes")));
			Flash.error(refused.problem()).showNow(model);
			return page(tenant, model);
		}
		Flash.success("alerts.flash.saved").showAfterRedirect(flash);
		return PAGE;
	}

	@PostMapping("/test")
	@RequiresPermission(Permission.MANAGE_SETTINGS)
	String test(@AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		if (alerts.sendTest(actor(user))) {
			Flash.success("alerts.flash.testQueued").showAfterRedirect(flash);
		}
		else {
			Flash.error("alerts.flash.noRecipients").showAfterRedirect(flash);
		}
		return PAGE;
	}

	private static AuditEntry.Actor actor(FerryUser user) {
		return AuditEntry.Actor.member(user.getSubject(), user.displayName());
	}

}
