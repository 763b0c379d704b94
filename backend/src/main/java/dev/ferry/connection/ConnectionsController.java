package dev.ferry.connection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpSession;

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
import dev.ferry.connector.ChangeHookOp;
import dev.ferry.connector.ChangeHookOp.HookState;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorFactory;
import dev.ferry.connector.PasswordImportHookOp;
import dev.ferry.connector.SettingField;
import dev.ferry.connector.SettingProblem;
import dev.ferry.connector.SourceConnectorFactory;
import dev.ferry.connector.TargetConnectorFactory;
import dev.ferry.connector.TestOutcome;
import dev.ferry.portal.Flash;
import dev.ferry.portal.OnRefusal;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.tenant.Role.Permission;

/**
 * The Connections page: the target and the identity source, each a form rendered from its
 * connector's settings with the connector's setup steps (a generated key, an object
 * picked from the source, Ferry's hooks there), and the SCIM token.
 */
@Controller
@RequestMapping("/t/{slug}/connections")
@OnRefusal("/t/{slug}/connections")
class ConnectionsController {

	private final Connections connections;

	private final ScimTokens scimTokens;

	private final ScimOAuthClients oauthClients;

	private final ScimTraffic scimTraffic;

	private final PendingReplacements pending;

	ConnectionsController(Connections connections, ScimTokens scimTokens, ScimOAuthClients oauthClients,
			ScimTraffic scimTraffic, PendingReplacements pending) {
		this.connections = connections;
		this.scimTokens = scimTokens;
		this.oauthClients = oauthClients;
		this.scimTraffic = scimTraffic;
		this.pending = pending;
	}

	@GetMapping
	String page(CurrentTenant tenant, Model model) {
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "connections");
		model.addAttribute("canChange", tenant.permits(Permission.MANAGE_CONNECTIONS));
		StoredConnection target = connections.target().orElse(null);
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
		StoredConnection source = connections.source().orElse(null);
		model.addAttribute("source", source);
		List<SourceConnectorFactory> sourceKinds = connections.sourceKinds();
		model.addAttribute("sourceKinds", sourceKinds);
		if (!model.containsAttribute("sourceFactory")) {
			String kind = source != null ? source.kind() : sourceKinds.getFirst().kind();
			model.addAttribute("sourceFactory",
					sourceKinds.stream().filter(factory -> factory.kind().equals(kind)).findFirst().orElseThrow());
		}
		if (!model.containsAttribute("sourceValues")) {
			model.addAttribute("sourceValues", source == null ? Map.of() : source.values());
		}
		model.addAttribute("hookUri", connections.hookUri(tenant.slug()).orElse(null));
		model.addAttribute("sourceHooks", connections.sourceCan(ChangeHookOp.class));
		model.addAttribute("sourcePasswordHook", connections.sourceCan(PasswordImportHookOp.class));
		model.addAttribute("switchEffects",
				connections.switchEffects(((SourceConnectorFactory) model.getAttribute("sourceFactory")).kind()));
		model.addAttribute("scimSource", source != null && "scim".equals(source.kind()));
		model.addAttribute("scimBaseUrl", scimTokens.baseUrl(tenant.slug()));
		model.addAttribute("scimTokens", scimTokens.list());
		model.addAttribute("oauthClients", oauthClients.list());
		model.addAttribute("oauthTokenUrl", scimTokens.tokenUrl(tenant.slug()));
		model.addAttribute("scimTraffic", scimTraffic.summary());
		return "connections/page";
	}

	/**
	 * The target form of another kind than the stored one (when several are registered).
	 */
	@GetMapping("/target/{kind}")
	String chooseTargetKind(@PathVariable String kind, CurrentTenant tenant, Model model) {
		model.addAttribute("targetFactory", find(connections.targetKinds(), kind));
		StoredConnection target = connections.target().filter(stored -> stored.kind().equals(kind)).orElse(null);
		model.addAttribute("targetValues", target == null ? Map.of() : target.values());
		return page(tenant, model);
	}

	/**
	 * Saves the target connection; the form is rendered from the connector's settings.
	 */
	@PostMapping("/target/{kind}")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String saveTarget(@PathVariable String kind, @RequestParam MultiValueMap<String, String> params,
			@AuthenticationPrincipal FerryUser user, CurrentTenant tenant, HttpSession session, Model model,
			RedirectAttributes flash) {
		TargetConnectorFactory factory = find(connections.targetKinds(), kind);
		Map<String, String> form = form(factory, params);
		if (replacesStored(factory, form, connections.target().orElse(null), "target", tenant, session, flash)) {
			return "redirect:/t/{slug}/connections#target";
		}
		Map<String, SettingProblem> problems = connections.saveTarget(kind, form, actor(user));
		return saved("target", factory, form, problems, tenant, model, flash);
	}

	/**
	 * Saves the identity source connection; the form is rendered from the connector's
	 * settings.
	 */
	@PostMapping("/source/{kind}")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String saveSource(@PathVariable String kind, @RequestParam MultiValueMap<String, String> params,
			@AuthenticationPrincipal FerryUser user, CurrentTenant tenant, HttpSession session, Model model,
			RedirectAttributes flash) {
		SourceConnectorFactory factory = find(connections.sourceKinds(), kind);
		Map<String, String> form = form(factory, params);
		boolean switchConfirmed = "true".equals(params.getFirst("switchConfirmed"));
		if (!switchConfirmed && !connections.switchEffects(kind).isEmpty()) {
			// the same form again, with what the switch does and the box to confirm it
			model.addAttribute("sourceFactory", factory);
			Flash.error("connections.flash.source.switchConfirm").showNow(model);
			return page(tenant, model);
		}
		if (replacesStored(factory, form, connections.source().orElse(null), "source", tenant, session, flash)) {
			return "redirect:/t/{slug}/connections#source";
		}
		Map<String, SettingProblem> problems = connections.saveSource(kind, form, switchConfirmed, actor(user));
		return saved("source", factory, form, problems, tenant, model, flash);
	}

	/**
	 * Whether the form would replace a stored secret of the same connection: then nothing
	 * is saved yet, the form waits (sealed) in the session and the page asks the person
	 * to confirm, as revoking a SCIM token does. A live credential is replaced only on
	 * purpose.
	 */
	private boolean replacesStored(ConnectorFactory factory, Map<String, String> form, StoredConnection stored,
			String side, CurrentTenant tenant, HttpSession session, RedirectAttributes flash) {
		if (stored == null || !stored.kind().equals(factory.kind())) {
			return false;
		}
		List<String> replaced = factory.settings()
			.stream()
			.filter(field -> field.entered() && field.secret() && stored.secretSet(field.name())
					&& !form.getOrDefault(field.name(), "").isEmpty())
			.map(SettingField::name)
			.toList();
		if (replaced.isEmpty()) {
			return false;
		}
		pending.hold(session, tenant.slug(), side, factory.kind(), form);
		flash.addFlashAttribute("replaceSide", side);
		flash.addFlashAttribute("replaceKind", factory.kind());
		flash.addFlashAttribute("replaceFields", new ArrayList<>(replaced));
		return true;
	}

	/**
	 * The person's answer to "replace the stored secrets?": yes saves the form that
	 * waited in the session, no forgets it. Either way it is gone from the session.
	 */
	@PostMapping("/target/replace")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String replaceTarget(@RequestParam(defaultValue = "false") boolean confirm, @AuthenticationPrincipal FerryUser user,
			CurrentTenant tenant, HttpSession session, Model model, RedirectAttributes flash) {
		return replace("target", confirm, user, tenant, session, model, flash);
	}

	@PostMapping("/source/replace")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String replaceSource(@RequestParam(defaultValue = "false") boolean confirm, @AuthenticationPrincipal FerryUser user,
			CurrentTenant tenant, HttpSession session, Model model, RedirectAttributes flash) {
		return replace("source", confirm, user, tenant, session, model, flash);
	}

	private String replace(String side, boolean confirm, FerryUser user, CurrentTenant tenant, HttpSession session,
			Model model, RedirectAttributes flash) {
		PendingReplacements.Held held = pending.take(session, tenant.slug(), side).orElse(null);
		if (held == null) {
			Flash.error("connections.flash.replace.gone").showAfterRedirect(flash);
			return "redirect:/t/{slug}/connections#" + side;
		}
		if (!confirm) {
			Flash.success("connections.flash.replace.kept").showAfterRedirect(flash);
			return "redirect:/t/{slug}/connections#" + side;
		}
		if ("target".equals(side)) {
			TargetConnectorFactory factory = find(connections.targetKinds(), held.kind());
			return saved(side, factory, held.form(), connections.saveTarget(held.kind(), held.form(), actor(user)),
					tenant, model, flash);
		}
		SourceConnectorFactory factory = find(connections.sourceKinds(), held.kind());
		return saved(side, factory, held.form(), connections.saveSource(held.kind(), held.form(), false, actor(user)),
				tenant, model, flash);
	}

	/**
	 * Only the connector's own fields are read: nothing else a request carries is bound.
	 */
	private static Map<String, String> form(ConnectorFactory factory, MultiValueMap<String, String> params) {
		Map<String, String> form = new LinkedHashMap<>();
		factory.settings()
			.stream()
			.filter(SettingField::entered)
			.forEach(field -> form.put(field.name(), Objects.toString(params.getFirst(field.name()), "")));
		return form;
	}

	private String saved(String side, ConnectorFactory factory, Map<String, String> form,
			Map<String, SettingProblem> problems, CurrentTenant tenant, Model model, RedirectAttributes flash) {
		if (!problems.isEmpty()) {
			Map<String, String> shown = new LinkedHashMap<>();
			factory.settings()
				.stream()
				.filter(field -> field.entered() && !field.secret())
				.forEach(field -> shown.put(field.name(), form.get(field.name())));
			model.addAttribute(side + "Factory", factory);
			model.addAttribute(side + "Values", shown);
			model.addAttribute(side + "Errors", problems);
			Flash.error("connections.flash.invalid", new DefaultMessageSourceResolvable("connector." + factory.kind()))
				.showNow(model);
			return page(tenant, model);
		}
		Flash.success("connections.flash.saved", new DefaultMessageSourceResolvable("connector." + factory.kind()))
			.showAfterRedirect(flash);
		return "redirect:/t/{slug}/connections#" + side;
	}

	@PostMapping("/target/test")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String testTarget(@AuthenticationPrincipal FerryUser user, HtmxRequest htmx, Model model,
			RedirectAttributes flash) {
		return outcome(connections.testTarget(actor(user)), "target", htmx, model, flash);
	}

	/**
	 * The source form of another kind than the stored one (when several are registered).
	 */
	@GetMapping("/source/{kind}")
	String chooseSourceKind(@PathVariable String kind, CurrentTenant tenant, Model model) {
		model.addAttribute("sourceFactory", find(connections.sourceKinds(), kind));
		StoredConnection source = connections.source().filter(stored -> stored.kind().equals(kind)).orElse(null);
		model.addAttribute("sourceValues", source == null ? Map.of() : source.values());
		return page(tenant, model);
	}

	private static <F extends ConnectorFactory> F find(List<F> factories, String kind) {
		return factories.stream()
			.filter(factory -> factory.kind().equals(kind))
			.findFirst()
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	@PostMapping("/source/test")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String testSource(@AuthenticationPrincipal FerryUser user, HtmxRequest htmx, Model model,
			RedirectAttributes flash) {
		return outcome(connections.testSource(actor(user)), "source", htmx, model, flash);
	}

	/** Generates the key pair of a source setting that is one (a service app's key). */
	@PostMapping("/source/key/{field}")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String generateKey(@PathVariable String field, @RequestParam(defaultValue = "false") boolean confirm,
			@AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		boolean live = connections.source().map(source -> source.state(field + ".public") != null).orElse(false);
		if (live && !confirm) {
			// a new key pair replaces the one the source signs in with: asked first
			flash.addFlashAttribute("keyRegenerate", field);
			return "redirect:/t/{slug}/connections#source";
		}
		connections.generateKey(field, actor(user));
		Flash.success("connections.flash.source.keyGenerated").showAfterRedirect(flash);
		return "redirect:/t/{slug}/connections#source";
	}

	/** The objects a picked setting may hold, read from the source (an htmx fragment). */
	@GetMapping("/source/options/{field}")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String options(@PathVariable String field, CurrentTenant tenant, Model model) {
		model.addAttribute("tenant", tenant);
		model.addAttribute("field", field);
		StoredConnection source = connections.source().orElse(null);
		model.addAttribute("source", source);
		model.addAttribute("kind", source == null ? "" : source.kind());
		try {
			model.addAttribute("options", connections.options(field));
		}
		catch (ConnectorException ex) {
			model.addAttribute("options", List.of());
			model.addAttribute("optionsError", ex.getMessage());
		}
		return "connections/page :: options";
	}

	@PostMapping("/source/pick/{field}")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String pick(@PathVariable String field, @RequestParam(defaultValue = "") String id,
			@AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		try {
			connections.pick(field, id, actor(user));
			Flash.success("connections.flash.source.picked").showAfterRedirect(flash);
		}
		catch (ConnectorException ex) {
			// what the connector found wrong with the source, in its words
			Flash.error(Flash.DETAIL, ex.getMessage()).showAfterRedirect(flash);
		}
		return "redirect:/t/{slug}/connections#source";
	}

	@PostMapping("/hook")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String registerHook(@PathVariable String slug, @AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		try {
			HookState state = connections.registerHook(actor(user));
			if (state.receiving()) {
				Flash.success("connections.flash.hook.registered").showAfterRedirect(flash);
			}
			else {
				// the source's own status words, shown as its console shows them
				Flash.error("connections.flash.hook.notVerified", state.status(), connections.hookUri(slug).orElse(""))
					.showAfterRedirect(flash);
			}
		}
		catch (ConnectorException ex) {
			// what the connector found wrong with the source, in its words
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
			// what the connector found wrong with the source, in its words
			Flash.error("connections.flash.passwordHook.failed", ex.getMessage()).showAfterRedirect(flash);
		}
		return "redirect:/t/{slug}/connections#hook";
	}

	/**
	 * A new SCIM token beside the live ones (a rotation: the identity provider moves to
	 * it, then the old one is revoked), shown once.
	 */
	@PostMapping("/scim/token")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String generateScimToken(@RequestParam(defaultValue = "Token") String name, @AuthenticationPrincipal FerryUser user,
			RedirectAttributes flash) {
		// a flash attribute lives for exactly the next request: the token is shown once
		// and never again
		flash.addFlashAttribute("scimToken", scimTokens.generate(name, actor(user)));
		Flash.success("connections.flash.scim.generated").showAfterRedirect(flash);
		return "redirect:/t/{slug}/connections#scim";
	}

	/**
	 * Revokes a SCIM token once the person confirms: the identity providers that use it
	 * are refused from the next request.
	 */
	@PostMapping("/scim/token/{id}/revoke")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String revokeScimToken(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean confirm,
			@AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		if (!confirm) {
			flash.addFlashAttribute("scimRevoke", id);
			return "redirect:/t/{slug}/connections#scim";
		}
		if (scimTokens.revoke(id, actor(user))) {
			Flash.success("connections.flash.scim.revoked").showAfterRedirect(flash);
		}
		else {
			Flash.error("connections.flash.scim.gone").showAfterRedirect(flash);
		}
		return "redirect:/t/{slug}/connections#scim";
	}

	/**
	 * A new OAuth client for an identity provider that fetches its SCIM token with the
	 * client credentials grant; its secret is shown once.
	 */
	@PostMapping("/scim/oauth")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String createOAuthClient(@RequestParam(defaultValue = "") String name, @AuthenticationPrincipal FerryUser user,
			RedirectAttributes flash) {
		flash.addFlashAttribute("oauthClient", oauthClients.create(name, actor(user)));
		Flash.success("connections.flash.oauth.created").showAfterRedirect(flash);
		return "redirect:/t/{slug}/connections#scim-oauth";
	}

	/**
	 * Revokes an OAuth client once the person confirms: the tokens it was issued stop
	 * working at once.
	 */
	@PostMapping("/scim/oauth/{id}/revoke")
	@RequiresPermission(Permission.MANAGE_CONNECTIONS)
	String revokeOAuthClient(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean confirm,
			@AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		if (!confirm) {
			flash.addFlashAttribute("oauthRevoke", id);
			return "redirect:/t/{slug}/connections#scim-oauth";
		}
		if (oauthClients.revoke(id, actor(user))) {
			Flash.success("connections.flash.oauth.revoked").showAfterRedirect(flash);
		}
		else {
			Flash.error("connections.flash.oauth.gone").showAfterRedirect(flash);
		}
		return "redirect:/t/{slug}/connections#scim-oauth";
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
