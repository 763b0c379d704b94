package dev.ferry.connection;

/**
 * Published once at start-up, after the connections of
 * {@code ferry.bootstrap.connections} have been applied (or tried: a seed that fails is
 * logged and passed over), so that start-up steps that need them, such as switching
 * provisioning on from configuration, follow without polling. Published even when there
 * are no seeds.
 */
public record ConnectionsBootstrapped() {
}
