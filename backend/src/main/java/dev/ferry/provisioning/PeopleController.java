package dev.ferry.provisioning;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponseHeader;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.portal.Flash;
import dev.ferry.portal.OnRefusal;
import dev.ferry.provisioning.internal.people.PeopleDirectory;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.tenant.Role.Permission;
import dev.ferry.work.JobId;

/**
 * The People page: find anyone by name, e-mail, login or id as you type (Ferry's own
 * records only), then one person's page that says why they are or are not in ShareFile,
 * with "Provision now" and "Retry".
 */
@Controller
@RequestMapping("/t/{slug}/people")
class PeopleController {

	private static final String PERSON = "/t/{slug}/people/{person}";

	/** Longer than any e-mail address: anything longer is cut, not searched. */
	private static final int MAX_QUERY = 254;

	private final People people;

	PeopleController(People people) {
		this.people = people;
	}

	/**
	 * The search page, or (for htmx's search-as-you-type) only its results; the form
	 * submits to the same URL without JavaScript.
	 */
	@GetMapping
	String search(@RequestParam(defaultValue = "") String q, HtmxRequest htmx, CurrentTenant tenant, Model model) {
		String query = cut(q);
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "people");
		model.addAttribute("q", query);
		model.addAttribute("tooShort", !query.isEmpty() && query.length() < PeopleDirectory.MIN_QUERY);
		model.addAttribute("hits", people.find(query));
		model.addAttribute("lookup", query.matches("^[^\\s/]{1,254}$") ? query : null);
		return htmx.isHtmxRequest() ? "people/search :: results" : "people/search";
	}

	@GetMapping("/{person}")
	String person(@PathVariable String person, CurrentTenant tenant, Model model) {
		PersonReport report = people.explain(cut(person));
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "people");
		model.addAttribute("canRun", tenant.permits(Permission.RUN_PROVISIONING));
		model.addAttribute("report", report);
		model.addAttribute("activity", report.activity());
		model.addAttribute("personId", report.identityId());
		return "people/person";
	}

	/**
	 * The person's operations and retries alone: re-fetched every second by the page
	 * while a sync of theirs waits or runs, so "Provision now" shows its outcome. The
	 * poll that finds it finished asks htmx to reload the page, so the match and the
	 * mapped values show what the sync left (as the run page's progress does).
	 */
	@GetMapping("/{person}/activity")
	String activity(@PathVariable String person, HtmxRequest htmx, HttpServletResponse response, CurrentTenant tenant,
			Model model) {
		String id = cut(person);
		if (!id.matches(People.PERSON_ID)) {
			throw new dev.ferry.system.NotFound("person " + id);
		}
		model.addAttribute("tenant", tenant);
		model.addAttribute("canRun", tenant.permits(Permission.RUN_PROVISIONING));
		model.addAttribute("personId", id);
		People.Activity activity = people.activity(id);
		if (htmx.isHtmxRequest() && !activity.busy()) {
			response.setHeader(HtmxResponseHeader.HX_REFRESH.getValue(), "true");
		}
		model.addAttribute("activity", activity);
		return "people/person :: activity";
	}

	@PostMapping("/{person}/sync")
	@RequiresPermission(Permission.RUN_PROVISIONING)
	@OnRefusal(PERSON)
	String provisionNow(@PathVariable String person, @AuthenticationPrincipal FerryUser user,
			RedirectAttributes flash) {
		people.provision(person, ProvisioningController.actor(user));
		Flash.success("people.flash.queued").showAfterRedirect(flash);
		return "redirect:" + PERSON;
	}

	@PostMapping("/{person}/retry/{job}")
	@RequiresPermission(Permission.RUN_PROVISIONING)
	@OnRefusal(PERSON)
	String retry(@PathVariable String person, @PathVariable JobId job, @AuthenticationPrincipal FerryUser user,
			RedirectAttributes flash) {
		people.retry(person, job, ProvisioningController.actor(user));
		Flash.success("people.flash.retried").showAfterRedirect(flash);
		return "redirect:" + PERSON;
	}

	private static String cut(String text) {
		String stripped = text == null ? "" : text.strip();
		return stripped.length() > MAX_QUERY ? stripped.substring(0, MAX_QUERY) : stripped;
	}

}
