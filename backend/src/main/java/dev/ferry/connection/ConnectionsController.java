package dev.ferry.connection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;

import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.audit.AuditEntry;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.SettingProblem;
import dev.ferry.connector.TargetConnectorFactory;
import dev.ferry.connector.TestOutcome;
import dev.ferry.okta.EventHookState;
import dev.ferry.okta.OktaApiSettings.AuthMode;
import dev.ferry.portal.Flash;
import dev.ferry.portal.OnRefusal;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.system.Problem;
import dev.ferry.tenant.Role.Permission;

/**
 * The Connections page: ShareFile, Okta API access, Ferry's event hook in Okta, and the
 * SCIM token for password sync.
 */
@Controller
@RequestMapping("/t/{slug}/connections")
@OnRefusal("/t/{slug}/connections")
class ConnectionsController {

	private final Connections connections;

	private final ScimTokens scimTokens;

	ConnectionsController(Connections connections, ScimTokens scimTokens) {
		this.connections = connections;
		this.scimTokens = scimTokens;
	}

	@GetMapping
	String page(CurrentTenant tenant, Model model) {
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "connections");
		model.addAttribute("canChange", tenant.permits(Permission.MANAGE_CONNECTIONS));
		TargetConnection target = connections.target().orElse(null);
		model.addAttribute("target", target);
		List<TargetConnectorFactory> kinds = connections.targetKinds();
		model.addAttribute("targetKinds", kinds);
		if (!model.containsAttribute("targetFactory")) {
			// the stored kind, else the first registered (the form offers a choice when
			// there are several)
			String kind = target != null ? target.kind() : kinds.getFirst().kind();
			model.addAttribute("targetFactory",
					kinds.stream().filter(factory -> factory.kind().equals(kind)).findFirst().orElseThrow());
		}
		if (!model.containsAttribute("targetValues")) {
			model.addAttribute("targetValues", target == null ? Map.of() : target.values());
		}
		model.addAttribute("okta", connections.okta().orElse(null));
		model.addAttribute("hookUri", connections.hookUri(tenant.slug()));
		model.addAttribute("scimBaseUrl", scimTokens.baseUrl(tenant.slug()));
		model.addAttribute("scimGeneratedAt", scimTokens.generatedAt().orElse(null));
		if (!model.containsAttribute("oktaForm")) {
			model.addAttribute("oktaForm",
					connections.okta()
						.map(c -> new OktaForm(c.orgUrl(), c.authMode(), "", c.clientId()))
						.orElse(new OktaForm("", AuthMode.SSWS, "", "")));
		}
		return "connections/page";
	}

	/**
	 * The target form of another kind than the stored one (when several are registered).
	 */
	@GetMapping("/target/{kind}")
	String chooseTargetKind(@PathVariable String kind, CurrentTenant tenant, Model model) {
		TargetConnectorFactory factory = factory(kind);
		model.addAttribute("targetFactory", factory);
		TargetConnection target = connections.target().filter(stored -> stored.kind().equals(kind)).orElse(null);
		model.addAttribute("targetValues", target == null ? Map.of() : target.values());
		return page(tenant, model);
	}

	/**
	 * Saves the target connection; the form is rendered from the connector's settings.
	 */
	@PostMapping("/target/{kind}")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String saveTarget(@PathVariable String kind, @RequestParam MultiValueMap<String, String> params,
			@AuthenticationPrincipal FerryUser user, CurrentTenant tenant, Model model, RedirectAttributes flash) {
		TargetConnectorFactory factory = factory(kind);
		// only the connector's own fields are read: nothing else a request carries is
		// bound
		Map<String, String> form = new LinkedHashMap<>();
		factory.settings()
			.forEach(field -> form.put(field.name(), Objects.toString(params.getFirst(field.name()), "")));
		Map<String, SettingProblem> problems = connections.saveTarget(kind, form, actor(user));
		if (!problems.isEmpty()) {
			Map<String, String> shown = new LinkedHashMap<>();
			factory.settings()
				.stream()
				.filter(field -> !field.secret())
				.forEach(field -> shown.put(field.name(), form.get(field.name())));
			model.addAttribute("targetFactory", factory);
			model.addAttribute("targetValues", shown);
			model.addAttribute("targetErrors", problems);
			Flash.error("connections.flash.target.invalid").showNow(model);
			return page(tenant, model);
		}
		Flash.success("connections.flash.target.saved", new DefaultMessageSourceResolvable("connector." + kind))
			.showAfterRedirect(flash);
		return "redirect:/t/{slug}/connections#target";
	}

	@PostMapping("/target/test")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String testTarget(@AuthenticationPrincipal FerryUser user, HtmxRequest htmx, Model model,
			RedirectAttributes flash) {
		return outcome(connections.testTarget(actor(user)), "target", htmx, model, flash);
	}

	private TargetConnectorFactory factory(String kind) {
		return connections.targetKinds()
			.stream()
			.filter(factory -> factory.kind().equals(kind))
			.findFirst()
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	@PostMapping("/okta")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String saveOkta(@RequestParam(defaultValue = "") String orgUrl, @RequestParam(defaultValue = "") String mode,
			@RequestParam(defaultValue = "") String apiToken, @RequestParam(defaultValue = "") String clientId,
			@AuthenticationPrincipal FerryUser user, CurrentTenant tenant, Model model, RedirectAttributes flash) {
		AuthMode authMode = "SSWS".equals(mode) ? AuthMode.SSWS
				: "SERVICE_APP".equals(mode) ? AuthMode.SERVICE_APP : null;
		OktaForm form = new OktaForm(orgUrl, authMode, apiToken, clientId);
		Map<String, Problem> problems = connections.saveOkta(form, actor(user));
		if (!problems.isEmpty()) {
			model.addAttribute("oktaForm", new OktaForm(orgUrl, authMode, "", clientId));
			model.addAttribute("oktaErrors", problems);
			Flash.error("connections.flash.okta.invalid").showNow(model);
			return page(tenant, model);
		}
		Flash
			.success(authMode == AuthMode.SERVICE_APP ? "connections.flash.okta.savedServiceApp"
					: "connections.flash.okta.savedToken")
			.showAfterRedirect(flash);
		return "redirect:/t/{slug}/connections#okta";
	}

	@PostMapping("/okta/key")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String generateKey(@AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		connections.generateKeyPair(actor(user));
		Flash.success("connections.flash.okta.keyGenerated").showAfterRedirect(flash);
		return "redirect:/t/{slug}/connections#okta";
	}

	@PostMapping("/okta/test")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String testOkta(@AuthenticationPrincipal FerryUser user, HtmxRequest htmx, Model model, RedirectAttributes flash) {
		return outcome(connections.testOkta(actor(user)), "okta", htmx, model, flash);
	}

	@GetMapping("/okta/apps")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String apps(CurrentTenant tenant, Model model) {
		model.addAttribute("tenant", tenant);
		try {
			model.addAttribute("apps", connections.oktaApps());
		}
		catch (ConnectorException ex) {
			model.addAttribute("apps", List.of());
			model.addAttribute("appsError", ex.getMessage());
		}
		model.addAttribute("okta", connections.okta().orElse(null));
		return "connections/page :: apps";
	}

	@PostMapping("/okta/app")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String chooseApp(@RequestParam(defaultValue = "") String appId, @AuthenticationPrincipal FerryUser user,
			RedirectAttributes flash) {
		try {
			connections.chooseShareFileApp(appId, actor(user));
			Flash.success("connections.flash.okta.appChosen").showAfterRedirect(flash);
		}
		catch (ConnectorException ex) {
			// what the connector found wrong with Okta, in its words
			Flash.error(Flash.DETAIL, ex.getMessage()).showAfterRedirect(flash);
		}
		return "redirect:/t/{slug}/connections#okta";
	}

	@PostMapping("/hook")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String registerHook(@PathVariable String slug, @AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		try {
			EventHookState state = connections.registerHook(actor(user));
			if (state.receivingEvents()) {
				Flash.success("connections.flash.hook.registered").showAfterRedirect(flash);
			}
			else {
				// Okta's own status words (ACTIVE, UNVERIFIED, ...), shown as Okta's
				// console shows them
				Flash
					.error("connections.flash.hook.notVerified", state.status(), state.verificationStatus(),
							connections.hookUri(slug))
					.showAfterRedirect(flash);
			}
		}
		catch (ConnectorException ex) {
			// what the connector found wrong with Okta, in its words
			Flash.error("connections.flash.hook.failed", ex.getMessage()).showAfterRedirect(flash);
		}
		return "redirect:/t/{slug}/connections#hook";
	}

	@PostMapping("/password-hook")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String registerPasswordHook(@AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		try {
			connections.registerPasswordImportHook(actor(user));
			Flash.success("connections.flash.passwordHook.registered").showAfterRedirect(flash);
		}
		catch (ConnectorException ex) {
			// what the connector found wrong with Okta, in its words
			Flash.error("connections.flash.passwordHook.failed", ex.getMessage()).showAfterRedirect(flash);
		}
		return "redirect:/t/{slug}/connections#hook";
	}

	@PostMapping("/scim/token")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String generateScimToken(@RequestParam(defaultValue = "false") boolean confirm,
			@AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		if (scimTokens.generatedAt().isPresent() && !confirm) {
			// a live token is in Okta's SCIM app: replacing it stops password pushes
			// until
			// the new one is pasted there, so the person confirms first
			flash.addFlashAttribute("scimConfirm", true);
			return "redirect:/t/{slug}/connections#scim";
		}
		// a flash attribute lives for exactly the next request: the token is shown once
		// and never again
		flash.addFlashAttribute("scimToken", scimTokens.generate(actor(user)));
		Flash.success("connections.flash.scim.generated").showAfterRedirect(flash);
		return "redirect:/t/{slug}/connections#scim";
	}

	private static String outcome(TestOutcome outcome, String which, HtmxRequest htmx, Model model,
			RedirectAttributes flash) {
		if (htmx.isHtmxRequest()) {
			model.addAttribute("outcome", outcome);
			return "connections/page :: outcome";
		}
		// the connector writes the summary for people (the htmx fragment above shows it
		// as it is, too)
		(outcome.ok() ? Flash.success(Flash.DETAIL, outcome.summary()) : Flash.error(Flash.DETAIL, outcome.summary()))
			.showAfterRedirect(flash);
		return "redirect:/t/{slug}/connections#" + which;
	}

	private static AuditEntry.Actor actor(FerryUser user) {
		return AuditEntry.Actor.member(user.getSubject(), user.displayName());
	}

}
