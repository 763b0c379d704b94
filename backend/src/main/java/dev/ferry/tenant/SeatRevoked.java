package dev.ferry.tenant;

import java.util.UUID;

/**
 * A person lost a seat or part of it: removed from an organisation, or given a lower
 * role. Published in the transaction that made the change; sign-in ends the person's open
 * sessions when it commits.
 *
 * @param subject null when the person never signed in (then they have no session to end)
 */
public record SeatRevoked(UUID tenantId, String issuer, String subject, String login) {

}
