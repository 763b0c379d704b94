package dev.ferry.connector;

/** What a target lets Ferry write, and who Ferry itself is there. */
public interface SchemaOp {

	TargetSchema schema();

	/**
	 * The e-mail of the account Ferry signs in to the target as (an administrator), which
	 * is never imported, changed or deprovisioned; empty when Ferry uses no account of
	 * the target's own.
	 */
	default java.util.Optional<String> serviceAccount() {
		return java.util.Optional.empty();
	}

}
