package dev.ferry.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.Identity;
import dev.ferry.mapping.ExpressionException;
import dev.ferry.portal.Flash;
import dev.ferry.provisioning.internal.PersonPreview;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.tenant.Role.Permission;

/**
 * One person's mapping preview: whether they are in scope (and why not), what each
 * mapping computes for them, and the plan Ferry would carry out, read fresh from Okta and
 * ShareFile without changing anything; and "Provision now".
 */
@Controller
class ProvisioningPreviewController {

	private static final String PERSON_ID = "^[A-Za-z0-9_-]{1,64}$";

	private final Provisioning provisioning;

	ProvisioningPreviewController(Provisioning provisioning) {
		this.provisioning = provisioning;
	}

	@GetMapping("/t/{slug}/provisioning/preview")
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
				model.addAttribute("previewError", "Okta knows nobody with the id or login \"" + wanted
						+ "\". Check the spelling; a login is usually the work e-mail.");
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
			model.addAttribute("previewError", "Ferry could not read this person from Okta or ShareFile: "
					+ ex.getMessage() + " Check the connections and try again.");
		}
		catch (IllegalStateException ex) {
			model.addAttribute("previewError", "Connect Okta and ShareFile first (Connections): " + ex.getMessage());
		}
		catch (ExpressionException ex) {
			model.addAttribute("previewError", "A mapping could not be computed for this person: " + ex.getMessage());
		}
		return "provisioning/preview";
	}

	@PostMapping("/t/{slug}/provisioning/preview/sync")
	@RequiresPermission(Permission.RUN_PROVISIONING)
	String provisionNow(@PathVariable String slug, @RequestParam(defaultValue = "") String identityId,
			RedirectAttributes flash) {
		if (!identityId.matches(PERSON_ID)) {
			Flash.error("preview.flash.lookUpFirst").showAfterRedirect(flash);
			return "redirect:/t/" + slug + "/provisioning/preview";
		}
		provisioning.syncPerson(identityId, "manual");
		Flash.success("preview.flash.queued").showAfterRedirect(flash);
		return "redirect:" + UriComponentsBuilder.fromPath("/t/{slug}/provisioning/preview")
			.queryParam("person", "{person}")
			.buildAndExpand(slug, identityId)
			.encode()
			.toUriString();
	}

	/**
	 * Why a person is out of scope, as far as it can be told without evaluating the
	 * filter again.
	 */
	static List<String> reasons(ProvisioningConfig config, Identity identity) {
		List<String> reasons = new ArrayList<>();
		if (!identity.active()) {
			reasons.add("Their Okta status is " + identity.status() + ": only active people get an account.");
		}
		if (config.scope().requireAssignment() && !identity.assigned()) {
			reasons.add("They are not assigned to the ShareFile app in Okta, directly or by group.");
		}
		if (!config.scope().groups().isEmpty()
				&& identity.groups().stream().noneMatch(group -> config.scope().groups().contains(group))) {
			reasons.add("They are in none of the scope groups: " + String.join(", ", config.scope().groups()) + ".");
		}
		if (reasons.isEmpty() && config.scope().filter() != null && !config.scope().filter().isBlank()) {
			reasons.add("The attribute filter leaves them out: " + config.scope().filter());
		}
		if (reasons.isEmpty() && !config.enabled()) {
			reasons.add("Provisioning is switched off.");
		}
		return reasons;
	}

	/** Each computed ShareFile attribute with the expression that computed it. */
	static List<Computed> computed(ProvisioningConfig config, Map<String, Object> desired) {
		List<Computed> computed = new ArrayList<>();
		for (ProvisioningConfig.Mapping mapping : config.mappings()) {
			if (mapping.direction() == ProvisioningConfig.Mapping.Direction.TO_SHAREFILE) {
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
