package dev.ferry.portal;

import java.util.Arrays;
import java.util.Locale;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.signin.ClientCredentials;
import dev.ferry.signin.ClientKeys;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.OidcDiscovery;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.system.Refusal;
import dev.ferry.tenant.EmailDomains;
import dev.ferry.tenant.GroupRoles;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.Tenants;

/**
 * How an organisation signs in: its identity provider as discovery describes it, the
 * e-mail domains that lead to it, the claim that carries groups, and which groups give
 * which Ferry role at sign-in. A mapping decides who becomes a member and with which
 * role, so it is members' business: only those who manage members (owners) see or change
 * it, and nobody maps a group to a role above their own.
 */
@Controller
@RequestMapping("/t/{slug}/settings/sign-in")
@RequiresPermission(Role.Permission.MANAGE_MEMBERS)
@OnRefusal("/t/{slug}/settings/sign-in")
class SignInSettingsController {

	private static final String PAGE = "redirect:/t/{slug}/settings/sign-in";

	private final GroupRoles groupRoles;

	private final Tenants tenants;

	private final EmailDomains domains;

	private final OidcDiscovery discovery;

	private final ClientKeys keys;

	private final ClientCredentials credentials;

	SignInSettingsController(GroupRoles groupRoles, Tenants tenants, EmailDomains domains, OidcDiscovery discovery,
			ClientKeys keys, ClientCredentials credentials) {
		this.keys = keys;
		this.credentials = credentials;
		this.groupRoles = groupRoles;
		this.tenants = tenants;
		this.domains = domains;
		this.discovery = discovery;
	}

	@GetMapping
	String page(CurrentTenant tenant, @AuthenticationPrincipal FerryUser user, Model model) {
		Tenant organisation = tenants.byId(tenant.id()).orElseThrow();
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "members");
		model.addAttribute("organisation", organisation);
		try {
			model.addAttribute("provider", discovery.metadata(organisation.oktaIssuer()));
		}
		catch (OidcDiscovery.DiscoveryFailed ex) {
			model.addAttribute("providerProblem", ex.problem());
		}
		model.addAttribute("jwksUrl", keys.jwksUrl(organisation));
		model.addAttribute("publicJwk", keys.publicJwk(organisation).orElse(null));
		model.addAttribute("domains", domains.list());
		String email = verifiedEmail(user);
		model.addAttribute("ownDomain", email == null ? null : email.substring(email.lastIndexOf('@') + 1));
		model.addAttribute("mappings", groupRoles.list());
		model.addAttribute("roles", Arrays.asList(Role.values()));
		return "portal/signin-settings";
	}

	/** Names the claim that carries a person's groups in the ID token. */
	@PostMapping("/groups-claim")
	String groupsClaim(@RequestParam(defaultValue = "") String claim, @AuthenticationPrincipal FerryUser user,
			RedirectAttributes flash) {
		tenants.groupsClaim(claim, MembersController.actor(user));
		Flash.success("groupRoles.flash.claimSaved", claim.strip()).showAfterRedirect(flash);
		return PAGE;
	}

	/** Generates the key pair for private_key_jwt (replacing one not in use). */
	@PostMapping("/key")
	String generateKey(@AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		keys.generate(MembersController.actor(user));
		Flash.success("clientAuth.flash.generated").showAfterRedirect(flash);
		return PAGE;
	}

	/** Switches sign-in to the key, once the provider has accepted it. */
	@PostMapping("/key/use")
	String useKey(@AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		keys.use(MembersController.actor(user)).ifPresent(problem -> {
			throw new Refusal(problem);
		});
		Flash.success("clientAuth.flash.using").showAfterRedirect(flash);
		return PAGE;
	}

	/**
	 * Replaces the client id and secret, once the provider has accepted them (an expired
	 * or rotated secret).
	 */
	@PostMapping("/client")
	String replaceClient(@RequestParam(defaultValue = "") String clientId,
			@RequestParam(defaultValue = "") String clientSecret, @AuthenticationPrincipal FerryUser user,
			RedirectAttributes flash) {
		credentials.replace(clientId, clientSecret, MembersController.actor(user)).ifPresent(problem -> {
			throw new Refusal(problem);
		});
		Flash.success("clientAuth.flash.clientReplaced").showAfterRedirect(flash);
		return PAGE;
	}

	@PostMapping("/key/secret")
	String useSecret(@AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		keys.useSecret(MembersController.actor(user)).ifPresent(problem -> {
			throw new Refusal(problem);
		});
		Flash.success("clientAuth.flash.usingSecret").showAfterRedirect(flash);
		return PAGE;
	}

	/**
	 * Adds a domain that leads work e-mails to this organisation; only the signed-in
	 * owner's own, provider-verified domain ({@link EmailDomains}).
	 */
	@PostMapping("/domains")
	String addDomain(@RequestParam(defaultValue = "") String domain, @AuthenticationPrincipal FerryUser user,
			RedirectAttributes flash) {
		domains.add(domain, verifiedEmail(user), MembersController.actor(user));
		Flash.success("domains.flash.added", domain.strip().toLowerCase(Locale.ROOT)).showAfterRedirect(flash);
		return PAGE;
	}

	@PostMapping("/domains/remove")
	String removeDomain(@RequestParam(defaultValue = "") String domain, @AuthenticationPrincipal FerryUser user,
			RedirectAttributes flash) {
		domains.remove(domain, MembersController.actor(user));
		Flash.success("domains.flash.removed", domain).showAfterRedirect(flash);
		return PAGE;
	}

	/** The e-mail the provider verified at this sign-in; null when it did not say so. */
	private static String verifiedEmail(FerryUser user) {
		return Boolean.TRUE.equals(user.getEmailVerified()) && user.getEmail() != null ? user.getEmail() : null;
	}

	/**
	 * GroupRoles' refusals (a role above one's own, a group name that cannot be one) go
	 * back to this page.
	 */
	@PostMapping
	String put(@RequestParam(defaultValue = "") String group, @RequestParam(defaultValue = "") String role,
			@AuthenticationPrincipal FerryUser user, CurrentTenant tenant, RedirectAttributes flash) {
		Role chosen = Arrays.stream(Role.values()).filter(r -> r.name().equals(role)).findFirst().orElse(null);
		if (chosen == null) {
			Flash.error("members.flash.chooseRole").showAfterRedirect(flash);
			return PAGE;
		}
		groupRoles.put(group, chosen, MembersController.actor(user), tenant.role());
		Flash.success("groupRoles.flash.saved", group.strip(), MembersController.inSentence(chosen))
			.showAfterRedirect(flash);
		return PAGE;
	}

	@PostMapping("/remove")
	String remove(@RequestParam(defaultValue = "") String group, @AuthenticationPrincipal FerryUser user,
			RedirectAttributes flash) {
		groupRoles.remove(group, MembersController.actor(user));
		Flash.success("groupRoles.flash.removed", group).showAfterRedirect(flash);
		return PAGE;
	}

}
