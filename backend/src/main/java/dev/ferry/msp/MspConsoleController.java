package dev.ferry.msp;

import java.util.List;
import java.util.Map;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.portal.Flash;
import dev.ferry.portal.OnRefusal;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.system.Problem;
import dev.ferry.system.Refusal;
import dev.ferry.tenant.IdentityProvider;
import dev.ferry.tenant.Role.Permission;
import dev.ferry.tenant.TenantKind;

/**
 * The MSP console ({@code /t/{msp}/customers}): the customers in one table, filtered and
 * sorted by the server (htmx swaps the table only), actions across the selected ones, and
 * adding a customer. Only an MSP organisation has one: a customer's address answers 404
 * as an unknown page would.
 */
@Controller
@RequestMapping("/t/{slug}/customers")
@OnRefusal("/t/{slug}/customers")
class MspConsoleController {

	static final String CONSOLE = "redirect:/t/{slug}/customers";

	static final String OVERVIEW = "redirect:/t/{slug}/";

	private final MspCustomers customers;

	private final BulkActions bulk;

	private final AddCustomer adding;

	MspConsoleController(MspCustomers customers, BulkActions bulk, AddCustomer adding) {
		this.customers = customers;
		this.bulk = bulk;
		this.adding = adding;
	}

	@GetMapping
	String console(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "all") String state,
			@RequestParam(required = false) List<String> sort, @AuthenticationPrincipal FerryUser user,
			CurrentTenant tenant, HtmxRequest htmx, Model model) {
		if (notAnMsp(tenant)) {
			return OVERVIEW;
		}
		// a sort button posts its own value after the form's current one: the last wins
		CustomerQuery query = CustomerQuery.of(q, state,
				sort == null || sort.isEmpty() ? null : sort.get(sort.size() - 1));
		List<CustomerRow> all = customers.of(tenant.id(), user);
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "customers");
		model.addAttribute("query", query);
		model.addAttribute("total", all.size());
		model.addAttribute("rows", query.apply(all));
		model.addAttribute("canAdd", tenant.permits(Permission.MANAGE_SETTINGS));
		model.addAttribute("actions", List.of(BulkAction.values()));
		return htmx.isHtmxRequest() && !htmx.isBoosted() ? "msp/console :: rows" : "msp/console";
	}

	@PostMapping("/bulk")
	String bulk(@RequestParam(defaultValue = "") String action,
			@RequestParam(name = "customer", required = false) List<String> selected,
			@AuthenticationPrincipal FerryUser user, CurrentTenant tenant, HtmxRequest htmx,
			HttpServletResponse response, Model model, RedirectAttributes flash) {
		if (notAnMsp(tenant)) {
			return OVERVIEW;
		}
		BulkAction chosen = BulkAction.of(action);
		if (chosen == null) {
			throw new Refusal("msp.bulk.flash.chooseAction");
		}
		if (selected == null || selected.isEmpty() || selected.size() > BulkActions.MAX_SELECTED) {
			throw new Refusal("msp.bulk.flash.chooseCustomers", BulkActions.MAX_SELECTED);
		}
		BulkResult result = bulk.run(chosen, selected, tenant.id(), user);
		if (htmx.isHtmxRequest()) {
			model.addAttribute("result", result);
			// the table shows what changed (provisioning on or off, queued work)
			response.setHeader("HX-Trigger", "customers-changed");
			return "msp/bulk-result :: result";
		}
		flash.addFlashAttribute("result", result);
		return CONSOLE;
	}

	@GetMapping("/new")
	@RequiresPermission(Permission.MANAGE_SETTINGS)
	String addForm(CurrentTenant tenant, Model model) {
		if (notAnMsp(tenant)) {
			return OVERVIEW;
		}
		return addPage(tenant, AddCustomer.CustomerForm.empty(), Map.of(), model);
	}

	@PostMapping("/new")
	@RequiresPermission(Permission.MANAGE_SETTINGS)
	String add(@ModelAttribute AddCustomer.CustomerForm form, @AuthenticationPrincipal FerryUser user,
			CurrentTenant tenant, Model model, RedirectAttributes flash) {
		if (notAnMsp(tenant)) {
			return OVERVIEW;
		}
		Map<String, Problem> problems = adding.add(form, tenant, user);
		if (!problems.isEmpty()) {
			model.addAttribute(Flash.ATTRIBUTE, Flash.error("msp.add.flash.fix"));
			return addPage(tenant, form.withoutSecret(), problems, model);
		}
		Flash.success("msp.add.flash.added", form.displayName(), form.ownerEmail()).showAfterRedirect(flash);
		return CONSOLE;
	}

	private static String addPage(CurrentTenant tenant, AddCustomer.CustomerForm form, Map<String, Problem> problems,
			Model model) {
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "customers");
		model.addAttribute("form", form);
		model.addAttribute("errors", problems);
		model.addAttribute("providers", IdentityProvider.values());
		return "msp/add-customer";
	}

	/** A customer organisation has no console: its address leads to the overview. */
	private static boolean notAnMsp(CurrentTenant tenant) {
		return tenant.kind() != TenantKind.MSP;
	}

}
