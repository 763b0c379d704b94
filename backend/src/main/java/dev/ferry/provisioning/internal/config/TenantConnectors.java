package dev.ferry.provisioning.internal.config;

import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.IdentitySource;
import dev.ferry.connector.TargetSchema;

/**
 * The current tenant's identity source and account target, built from its connections
 * with the shared throttles. An interface so the engine's own tests can stand in a target
 * where they need to.
 */
public interface TenantConnectors {

	/**
	 * @throws IllegalStateException when the source's connection or its app is missing
	 */
	IdentitySource source();

	/**
	 * @throws IllegalStateException when the target connection is missing
	 */
	AccountTarget target();

	/**
	 * What the organisation's target lets Ferry write: its connector's schema, or the
	 * first registered target's before one is connected (settings may be saved first).
	 */
	TargetSchema targetSchema();

	/** The organisation's target connector's kind, or the first registered one's. */
	String targetKind();

	/**
	 * The organisation's identity source connector's kind, or the first registered one's.
	 */
	String sourceKind();

	/**
	 * The source profile attributes import may write (mappings TO_SOURCE); empty when the
	 * source takes any.
	 */
	java.util.Set<String> sourceAttributes();

	/**
	 * The identity source as the actor of what it caused (a change it told of, a hook
	 * call), named by its kind as the audit trail shows actors ({@code OKTA}).
	 */
	default dev.ferry.audit.AuditEntry.Actor sourceActor(String id, String name) {
		return new dev.ferry.audit.AuditEntry.Actor(sourceKind().toUpperCase(java.util.Locale.ROOT), id, name);
	}

}
