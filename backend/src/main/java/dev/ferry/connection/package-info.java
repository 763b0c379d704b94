/**
 * Each organisation's two connections, the target it provisions and the identity source
 * it provisions from, of whatever kinds the connector modules register: stored per kind,
 * forms rendered from the connector's settings, the source's setup steps (a key pair
 * Ferry generates, an object picked from the source, Ferry's hooks there). Secrets are
 * encrypted at rest and never sent back to the browser.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Connections")
package dev.ferry.connection;
