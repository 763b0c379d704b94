package dev.ferry.tenant;

import java.util.List;
import java.util.UUID;

import dev.ferry.audit.AuditEntry;
import dev.ferry.system.TenantContext;

/**
 * Creates organisations with unique slugs so tests sharing one database never collide.
 */
public final class TestTenants {

	private TestTenants() {
	}

	public static String uniqueSlug(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	public static Tenant create(Tenants tenants, Members members, String prefix, TenantKind kind, String issuer,
			String... ownerLogins) {
		Tenant tenant = tenants.create(new NewTenant(uniqueSlug(prefix), prefix + " Inc", kind, null, issuer,
				"ferry-portal", "secret-" + prefix, List.of()));
		TenantContext.run(tenant.id(), () -> {
			for (String login : ownerLogins) {
				members.invite(login, Role.OWNER, null, AuditEntry.Actor.system(), Role.OWNER);
			}
		});
		return tenant;
	}

	public static Membership membership(Tenant tenant, Role role) {
		return new Membership(tenant.id(), tenant.slug(), tenant.displayName(), tenant.kind(), role);
	}

}
