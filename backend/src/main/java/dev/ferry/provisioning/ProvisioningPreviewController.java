package dev.ferry.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.Identity;
import dev.ferry.mapping.ExpressionException;
import dev.ferry.portal.Flash;
import dev.ferry.provisioning.internal.config.TenantConnectors;
import dev.ferry.provisioning.internal.engine.PersonPreview;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.system.Problem;
import dev.ferry.tenant.Role.Permission;

/**
 * One person's mapping preview: whether they are in scope (and why not), what each
 * mapping computes for them, and the plan Ferry would carry out, read fresh from Okta and
 * ShareFile without changing anything; and "Provision now".
 */
@Controller
@RequestMapping("/t/{slug}/provisioning/preview")
class ProvisioningPreviewController {

	private static final String PERSON_ID = "^[A-Za-z0-9_-]{1,64}$";

	private final Provisioning provisioning;

	ProvisioningPreviewController(Provisioning provisioning) {
		this.provisioning = provisioning;
	}

	@GetMapping
	String preview(@RequestParam(defaultValue = "") String person, CurrentTenant tenant, Model model) {
		String wanted = person.strip().length() > 254 ? person.strip().substring(0, 254) : person.strip();
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "provisioning");
		model.addAttribute("canRun", tenant.permits(Permission.RUN_PROVISIONING));
		model.addAttribute("person", wanted);
		if (wanted.isEmpty()) {
			return "provisioning/preview";
		}
		try {
			PersonPreview.Result result = provisioning.previewPerson(wanted);
			if (result.identity() == null) {
				model.addAttribute("previewError", Problem.of("preview.error.nobody", wanted));
				return "provisioning/preview";
			}
			ProvisioningConfig config = provisioning.config();
			model.addAttribute("result", result);
			model.addAttribute("enabled", config.enabled());
			model.addAttribute("identity", result.identity());
			model.addAttribute("reasons", result.inScope() ? List.of() : reasons(config, result.identity()));
			model.addAttribute("computed", computed(config, result.desired()));
			model.addAttribute("plan", result.plan().stream().map(OperationView::of).toList());
		}
		catch (ConnectorException ex) {
			// what the connector found wrong, in its own words
			model.addAttribute("previewError", Problem.of("preview.error.unreadable", ex.getMessage()));
		}
		catch (IllegalStateException ex) {
			// TenantConnectors' way of saying a connection is missing, and which
			model.addAttribute("previewError", Problem.of("preview.error.notConnected", ex.getMessage()));
		}
		catch (ExpressionException ex) {
			model.addAttribute("previewError", Problem.of("preview.error.mapping", ex.getMessage()));
		}
		return "provisioning/preview";
	}

	@PostMapping("/sync")
	@RequiresPermission(Permission.RUN_PROVISIONING)
	String provisionNow(@RequestParam(defaultValue = "") String identityId, RedirectAttributes flash) {
		if (!identityId.matches(PERSON_ID)) {
			Flash.error("preview.flash.lookUpFirst").showAfterRedirect(flash);
			return "redirect:/t/{slug}/provisioning/preview";
		}
		provisioning.syncPerson(identityId, "manual");
		Flash.success("preview.flash.queued").showAfterRedirect(flash);
		// a redirect attribute the URL does not name becomes its query: ?person=...
		flash.addAttribute("person", identityId);
		return "redirect:/t/{slug}/provisioning/preview";
	}

	/**
	 * Why a person is out of scope, as far as it can be told without evaluating the
	 * filter again.
	 */
	static List<Problem> reasons(ProvisioningConfig config, Identity identity) {
		List<Problem> reasons = new ArrayList<>();
		if (!identity.active()) {
			reasons.add(Problem.of("preview.reason.notActive", identity.status()));
		}
		if (config.scope().requireAssignment() && !identity.assigned()) {
			reasons.add(Problem.of("preview.reason.notAssigned"));
		}
		if (!config.scope().groups().isEmpty()
				&& identity.groups().stream().noneMatch(group -> config.scope().groups().contains(group))) {
			reasons.add(Problem.of("preview.reason.notInGroups", String.join(", ", config.scope().groups())));
		}
		if (reasons.isEmpty() && config.scope().filter() != null && !config.scope().filter().isBlank()) {
			reasons.add(Problem.of("preview.reason.filter", config.scope().filter()));
		}
		if (reasons.isEmpty() && !config.enabled()) {
			reasons.add(Problem.of("preview.reason.off"));
		}
		return reasons;
	}

	/** Each computed ShareFile attribute with the expression that computed it. */
	static List<Computed> computed(ProvisioningConfig config, Map<String, Object> desired) {
		List<Computed> computed = new ArrayList<>();
		for (ProvisioningConfig.Mapping mapping : config.mappings()) {
			if (mapping.direction() == ProvisioningConfig.Mapping.Direction.TO_TARGET) {
				computed.add(new Computed(mapping.target(), mapping.expression(),
						OperationView.text(desired.get(mapping.target())), desired.containsKey(mapping.target())));
			}
		}
		desired.forEach((attribute, value) -> {
			if (computed.stream().noneMatch(c -> c.target().equals(attribute))) {
				computed.add(new Computed(attribute, null, OperationView.text(value), true));
			}
		});
		return computed;
	}

	record Computed(String target, String expression, String value, boolean present) {
	}

}
