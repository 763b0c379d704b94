package dev.ferry.provisioning.internal;

import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.IdentitySource;

/**
 * The current tenant's identity source and account target, built from its connections
 * with the shared throttles. An interface so the engine's own tests can stand in a target
 * where they need to.
 */
public interface TenantConnectors {

	/**
	 * @throws IllegalStateException when the Okta connection or its ShareFile app is
	 * missing
	 */
	IdentitySource source();

	/**
	 * @throws IllegalStateException when the ShareFile connection is missing
	 */
	AccountTarget target();

}
