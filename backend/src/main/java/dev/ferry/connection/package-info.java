/**
 * Each organisation's connections: its ShareFile account, its Okta API access (SSWS token
 * or a service app with a key pair Ferry generates), and the event hook Ferry registers
 * in its Okta. Secrets are encrypted at rest and never sent back to the browser.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Connections")
package dev.ferry.connection;
