package dev.ferry.auditfeed;

import java.util.Optional;
import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.audit.AuditEntry;
import dev.ferry.portal.Flash;
import dev.ferry.portal.OnRefusal;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.system.FerryProperties;
import dev.ferry.system.Problem;
import dev.ferry.system.Refusal;
import dev.ferry.tenant.Role.Permission;
import dev.ferry.tenant.TenantKind;

/**
 * The page where the audit log leaves Ferry: the API's tokens and the SIEM destinations,
 * for members who may export the log (a token or a stream reads all of it, as an export
 * does).
 */
@Controller
@RequestMapping("/t/{slug}/audit/delivery")
@OnRefusal("/t/{slug}/audit/delivery")
@RequiresPermission(Permission.EXPORT_AUDIT)
class DeliveryController {

	private static final String PAGE = "redirect:/t/{slug}/audit/delivery";

	private final ApiTokens tokens;

	private final AuditStreams streams;

	private final FerryProperties properties;

	DeliveryController(ApiTokens tokens, AuditStreams streams, FerryProperties properties) {
		this.tokens = tokens;
		this.streams = streams;
		this.properties = properties;
	}

	@GetMapping
	String page(CurrentTenant tenant, Model model) {
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "audit");
		model.addAttribute("apiBase", properties.publicBase() + "/api/audit/v1");
		model.addAttribute("msp", tenant.kind() == TenantKind.MSP);
		model.addAttribute("tokens", tokens.list());
		model.addAttribute("streams", streams.list());
		return "audit/delivery";
	}

	/** A new API token, its value shown once. */
	@PostMapping("/tokens")
	String createToken(@RequestParam(defaultValue = "") String name,
			@RequestParam(defaultValue = "TENANT") String scope, CurrentTenant tenant,
			@AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		ApiTokens.Scope chosen = "MSP".equals(scope) ? ApiTokens.Scope.MSP : ApiTokens.Scope.TENANT;
		// a flash attribute lives for exactly the next request: shown once, never again
		flash.addFlashAttribute("newToken", tokens.create(name, chosen, tenant.kind(), actor(user)));
		Flash.success("auditfeed.flash.token.created").showAfterRedirect(flash);
		return PAGE + "#api";
	}

	/** Revokes a token once the person confirms. */
	@PostMapping("/tokens/{id}/revoke")
	String revokeToken(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean confirm,
			@AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		if (!confirm) {
			flash.addFlashAttribute("revokeToken", id);
			return PAGE + "#token-" + id;
		}
		(tokens.revoke(id, actor(user)) ? Flash.success("auditfeed.flash.token.revoked")
				: Flash.error("auditfeed.flash.token.gone"))
			.showAfterRedirect(flash);
		return PAGE + "#api";
	}

	/** A new destination; a webhook's signing secret is shown once. */
	@PostMapping("/streams")
	String createStream(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String kind,
			@RequestParam(defaultValue = "") String address, @AuthenticationPrincipal FerryUser user,
			RedirectAttributes flash) {
		AuditStreams.Kind chosen = switch (kind) {
			case "WEBHOOK" -> AuditStreams.Kind.WEBHOOK;
			case "SYSLOG" -> AuditStreams.Kind.SYSLOG;
			default -> throw new Refusal("auditfeed.flash.stream.kind");
		};
		AuditStreams.Created created = streams.create(name, chosen, address, actor(user));
		if (created.secret() != null) {
			flash.addFlashAttribute("newSecret", created.secret());
		}
		Flash.success("auditfeed.flash.stream.created").showAfterRedirect(flash);
		return PAGE + "#streams";
	}

	@PostMapping("/streams/{id}/pause")
	String pause(@PathVariable UUID id, @AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		found(streams.pause(id, actor(user)), "auditfeed.flash.stream.paused").showAfterRedirect(flash);
		return PAGE + "#stream-" + id;
	}

	@PostMapping("/streams/{id}/resume")
	String resume(@PathVariable UUID id, @AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		found(streams.resume(id, actor(user)), "auditfeed.flash.stream.resumed").showAfterRedirect(flash);
		return PAGE + "#stream-" + id;
	}

	/** Sends a test message now and says how the receiver answered. */
	@PostMapping("/streams/{id}/test")
	String test(@PathVariable UUID id, @AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		Optional<Problem> problem = streams.test(id, actor(user));
		(problem.isEmpty() ? Flash.success("auditfeed.flash.stream.tested") : Flash.error(problem.get()))
			.showAfterRedirect(flash);
		return PAGE + "#stream-" + id;
	}

	/** Removes a destination once the person confirms. */
	@PostMapping("/streams/{id}/remove")
	String remove(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean confirm,
			@AuthenticationPrincipal FerryUser user, RedirectAttributes flash) {
		if (!confirm) {
			flash.addFlashAttribute("removeStream", id);
			return PAGE + "#stream-" + id;
		}
		found(streams.remove(id, actor(user)), "auditfeed.flash.stream.removed").showAfterRedirect(flash);
		return PAGE + "#streams";
	}

	private static Flash found(boolean found, String success) {
		return found ? Flash.success(success) : Flash.error("auditfeed.flash.stream.gone");
	}

	private static AuditEntry.Actor actor(FerryUser user) {
		return AuditEntry.Actor.member(user.getSubject(), user.displayName());
	}

}
