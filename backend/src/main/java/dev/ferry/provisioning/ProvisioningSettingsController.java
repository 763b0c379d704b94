package dev.ferry.provisioning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.portal.Flash;
import dev.ferry.provisioning.internal.config.ConfigValidation;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.system.Problem;
import dev.ferry.tenant.Role.Permission;

/**
 * Provisioning settings: the whole configuration on one page, read-only for those who may
 * not change it. A refused save shows each problem beside its field (expression problems
 * with a caret under the spot), keeps what was typed, and stores nothing.
 */
@Controller
@RequestMapping("/t/{slug}/provisioning/settings")
class ProvisioningSettingsController {

	private static final Pattern MAPPING_EXPRESSION = Pattern.compile("^mappings\\[(\\d+)]\\.expression$");

	private final Provisioning provisioning;

	ProvisioningSettingsController(Provisioning provisioning) {
		this.provisioning = provisioning;
	}

	@GetMapping
	String page(CurrentTenant tenant, Model model) {
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", SettingsForm.of(provisioning.config()));
		}
		if (!model.containsAttribute("errors")) {
			model.addAttribute("errors", Map.of());
			model.addAttribute("carets", Map.of());
		}
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "provisioning");
		model.addAttribute("canChange", tenant.permits(Permission.MANAGE_SETTINGS));
		model.addAttribute("version", provisioning.configVersion());
		model.addAttribute("featureNames", SettingsForm.FEATURES);
		model.addAttribute("matchOrders", SettingsForm.MATCH_ORDERS);
		model.addAttribute("targetAttributes", new TreeSet<>(provisioning.targetSchema().writable()));
		model.addAttribute("sourceAttributes", new TreeSet<>(provisioning.sourceAttributes()));
		model.addAttribute("kinds", provisioning.kinds());
		return "provisioning/settings";
	}

	@PostMapping
	@RequiresPermission(Permission.MANAGE_SETTINGS)
	String save(@RequestParam MultiValueMap<String, String> params, @AuthenticationPrincipal FerryUser user,
			CurrentTenant tenant, Model model, RedirectAttributes flash) {
		SettingsForm form = SettingsForm.of(params);
		SettingsForm.Parsed parsed = form.parse();
		ProvisioningConfig before = provisioning.config();
		Map<String, Problem> problems = new LinkedHashMap<>(parsed.problems());
		if (problems.isEmpty()) {
			problems.putAll(provisioning.saveConfig(parsed.config(), ProvisioningController.actor(user)));
		}
		else {
			provisioning.problems(parsed.config()).forEach(problems::putIfAbsent);
		}
		if (!problems.isEmpty()) {
			model.addAttribute("form", form.forDisplay());
			model.addAttribute("errors", problems);
			model.addAttribute("carets", carets(form, problems));
			Flash.error("settings.flash.invalid").showNow(model);
			return page(tenant, model);
		}
		ProvisioningConfig after = parsed.config();
		String saved = switch (Provisioning.afterSave(before, after)) {
			case RECONCILE -> "settings.flash.savedReconciling";
			case PUSH_GROUPS -> "settings.flash.savedPushingGroups";
			case NOTHING -> "settings.flash.saved";
		};
		Flash.success(saved, provisioning.configVersion()).showAfterRedirect(flash);
		return "redirect:/t/{slug}/provisioning/settings";
	}

	/**
	 * Shows the form again, as typed, with three more empty mapping rows; saves nothing.
	 */
	@PostMapping("/rows")
	@RequiresPermission(Permission.MANAGE_SETTINGS)
	String moreRows(@RequestParam MultiValueMap<String, String> params, CurrentTenant tenant, Model model) {
		model.addAttribute("form", SettingsForm.of(params).forDisplay());
		Flash.success("settings.flash.rowsAdded").showNow(model);
		return page(tenant, model);
	}

	/**
	 * Where each expression problem is, for a caret under the expression: field → the
	 * line to show under it (" ^"), for single-line expressions whose problem has a
	 * position ({@link ConfigValidation#AT_POSITION}).
	 */
	static Map<String, Caret> carets(SettingsForm form, Map<String, Problem> problems) {
		Map<String, Caret> carets = new LinkedHashMap<>();
		problems.forEach((field, problem) -> {
			String expression = expression(form, field);
			if (!ConfigValidation.AT_POSITION.equals(problem.code()) || !(problem.args().get(1) instanceof Integer at)
					|| expression == null) {
				return;
			}
			if (at <= expression.length() && expression.indexOf('\n') < 0 && at < 2_000) {
				carets.put(field, new Caret(expression, " ".repeat(at) + "^", at + 1));
			}
		});
		return carets;
	}

	private static String expression(SettingsForm form, String field) {
		if ("scope.filter".equals(field)) {
			return form.scopeFilter();
		}
		if ("userTypes.clientFilter".equals(field)) {
			return form.clientFilter();
		}
		Matcher row = MAPPING_EXPRESSION.matcher(field);
		if (row.find()) {
			int index = Integer.parseInt(row.group(1));
			List<SettingsForm.Row> rows = form.mappings();
			return index < rows.size() ? rows.get(index).expression() : null;
		}
		return null;
	}

	/**
	 * @param expression the expression as typed
	 * @param pointer spaces and a caret under the character the problem is at
	 * @param character 1-based: the problem is at this character
	 */
	record Caret(String expression, String pointer, int character) {
	}

}
