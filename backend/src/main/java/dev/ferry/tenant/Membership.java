package dev.ferry.tenant;

import java.util.UUID;

/**
 * A person's role in one organisation, as the portal's organisation switcher lists it.
 */
public record Membership(UUID tenantId, String slug, String displayName, TenantKind kind, Role role) {

}
