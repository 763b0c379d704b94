/**
 * The provisioning engine: each organisation's configuration (features, scope, mappings,
 * user types, groups, import, deprovisioning, safety), plans with per-attribute diffs,
 * dry runs, applying plans through the connector SPI, links between identities and
 * accounts, runs with progress, and the change feed (Okta event hooks, System Log
 * polling, scheduled reconciles) that triggers it all.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Provisioning")
package dev.ferry.provisioning;
