package dev.ferry.connector;

/**
 * "Test": real calls that prove the settings work for what provisioning will do, with an
 * outcome a person can act on. Never throws for a failure of the external system.
 */
public interface TestOp {

	TestOutcome test();

}
