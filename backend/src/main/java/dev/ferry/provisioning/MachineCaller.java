package dev.ferry.provisioning;

import java.util.UUID;

/**
 * Who called a machine endpoint, once {@link MachineGate} has checked their credential:
 * the organisation whose hook secret or SCIM token they presented. The principal of the
 * request's authentication ({@code @AuthenticationPrincipal}).
 */
record MachineCaller(UUID tenant, String slug, MachineEndpoint endpoint) {

}
