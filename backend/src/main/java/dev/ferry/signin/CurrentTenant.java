package dev.ferry.signin;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import dev.ferry.tenant.Role;
import dev.ferry.tenant.TenantKind;

/**
 * The organisation a tenant-scoped request ({@code /t/{slug}/...}) works in, and the
 * signed-in person's role there. Set by {@link TenantScope} after it has checked the
 * person may enter.
 */
public record CurrentTenant(UUID id, String slug, String displayName, TenantKind kind, Role role) {

	static final String ATTRIBUTE = CurrentTenant.class.getName();

	public static CurrentTenant of(HttpServletRequest request) {
		CurrentTenant tenant = (CurrentTenant) request.getAttribute(ATTRIBUTE);
		if (tenant == null) {
			throw new IllegalStateException("Not a tenant-scoped request: " + request.getRequestURI());
		}
		return tenant;
	}

	public boolean permits(Role.Permission permission) {
		return role.permits(permission);
	}

}
