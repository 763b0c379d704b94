package dev.ferry.provisioning;

/** A link's account as Ferry left it; stored by name in {@code link.state}. */
public enum LinkState {

	ACTIVE,

	/** Ferry disabled the account (deprovisioned). */
	DISABLED

}
