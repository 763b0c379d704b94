package dev.ferry.connector;

/**
 * Where identities come from, as the engine sees it: {@link SearchOp} always;
 * {@link SyncOp}, {@link CreateOp} and {@link TestOp} when the connector implements them
 * (ask with {@link Capabilities#can}). Made by a {@link SourceConnectorFactory}.
 */
public interface IdentitySource extends SearchOp, Capabilities {

}
