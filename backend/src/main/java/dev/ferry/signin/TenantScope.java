package dev.ferry.signin;

import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.server.ResponseStatusException;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.system.TenantContext;
import dev.ferry.system.TenantTags;
import dev.ferry.tenant.Membership;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.Tenants;

/**
 * The gate of every tenant-scoped URL ({@code /t/{slug}/...}). A person who is not a
 * member of that organisation gets 404, exactly as if it did not exist, and the attempt
 * is audited in the organisation they tried to reach, one event per request naming who it
 * was (only signed-in people get here; the anonymous are sent to sign in first). A member
 * gets the organisation as {@link CurrentTenant} and as the thread's
 * {@link TenantContext}, which scopes every query of the request. Membership and role are
 * read for this request ({@link Seats}), never taken from the session.
 */
@Component
class TenantScope implements HandlerInterceptor {

	private static final Logger log = LoggerFactory.getLogger(TenantScope.class);

	private final Tenants tenants;

	private final ApplicationEventPublisher events;

	private final Seats seats;

	TenantScope(Tenants tenants, ApplicationEventPublisher events, Seats seats) {
		this.tenants = tenants;
		this.events = events;
		this.seats = seats;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		@SuppressWarnings("unchecked")
		Map<String, String> variables = (Map<String, String>) request
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		String slug = variables == null ? null : variables.get("slug");
		if (slug == null) {
			return true;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		FerryUser user = authentication != null && authentication.getPrincipal() instanceof FerryUser signedIn
				? signedIn : null;
		Optional<Membership> membership = user == null ? Optional.empty() : seats.in(user, slug);
		if (membership.isEmpty()) {
			auditDenied(slug, user, request);
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		Membership seat = membership.get();
		CurrentTenant current = new CurrentTenant(seat.tenantId(), seat.slug(), seat.displayName(), seat.kind(),
				seat.role());
		Role.Permission needed = needed(handler);
		if (!current.permits(needed)) {
			// the error page says it in the person's words (error.forbidden.*)
			throw new ResponseStatusException(HttpStatus.FORBIDDEN);
		}
		request.setAttribute(CurrentTenant.ATTRIBUTE, current);
		TenantContext.set(seat.tenantId());
		// the request's log lines name the organisation (removed after completion)
		MDC.put(TenantTags.TAG, seat.slug());
		return true;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		TenantContext.clear();
		MDC.remove(TenantTags.TAG);
	}

	private static Role.Permission needed(Object handler) {
		if (handler instanceof HandlerMethod method) {
			RequiresPermission required = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(),
					RequiresPermission.class);
			if (required == null) {
				required = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequiresPermission.class);
			}
			if (required != null) {
				return required.value();
			}
		}
		return Role.Permission.VIEW;
	}

	/** Never changes the answer: whatever happens here, the person gets the same 404. */
	private void auditDenied(String slug, FerryUser user, HttpServletRequest request) {
		try {
			Tenant tenant = slug.length() > 40 ? null : tenants.bySlug(slug).orElse(null);
			if (tenant == null) {
				return;
			}
			AuditEntry.Actor actor = user == null ? AuditEntry.Actor.anonymous()
					: AuditEntry.Actor.member(user.getSubject(), user.displayName());
			events.publishEvent(new Happened(tenant.id(), actor, "access.denied", "url", request.getRequestURI(),
					AuditEntry.Outcome.DENIED,
					Map.of("method", request.getMethod(), "login", user == null ? "" : String.valueOf(user.login()),
							"signedInThrough", user == null ? "" : user.signedInThrough()))
				.evenIfRolledBack());
		}
		catch (RuntimeException ex) {
			log.error("Could not record a denied request to {}: {}", slug, ex.toString());
		}
	}

}
