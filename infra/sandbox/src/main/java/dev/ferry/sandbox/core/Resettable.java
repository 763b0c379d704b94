package dev.ferry.sandbox.core;

/**
 * A part of the sandbox that holds state (orgs, accounts) and can go back to the
 * demo-world seed. The control API's reset calls every one of them.
 */
public interface Resettable {

	/** Throw away all state and load the seed again. */
	void resetToSeed();

}
