package dev.ferry.connector;

/**
 * Where accounts are provisioned, as the engine sees it: accounts and a schema always;
 * {@link PasswordOp}, {@link AuthenticateOp}, {@link GroupOps}, {@link AccountTypeOp} and
 * {@link TestOp} when the connector implements them (ask with {@link Capabilities#can}).
 * Made by a {@link TargetConnectorFactory}.
 */
public interface AccountTarget extends AccountOps, SchemaOp, Capabilities {

}
