/**
 * Citrix ShareFile, behind the connector SPI: OAuth (password grant with refresh), the v3
 * REST API's users and groups, its error bodies and throttling, and "Test API
 * credentials".
 */
@org.springframework.modulith.ApplicationModule(displayName = "ShareFile connector")
package dev.ferry.sharefile;
