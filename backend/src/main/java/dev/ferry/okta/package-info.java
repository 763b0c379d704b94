/**
 * Okta's management API, behind the connector SPI: SSWS tokens or an OAuth service app
 * (client_credentials with a private_key_jwt Ferry signs), users, groups, app
 * assignments, the System Log, event hooks, and "Test".
 */
@org.springframework.modulith.ApplicationModule(displayName = "Okta connector")
package dev.ferry.okta;
