package dev.ferry.tenant;

/**
 * A customer organisation, or a managed service provider that runs customer
 * organisations.
 */
public enum TenantKind {

	CUSTOMER, MSP

}
