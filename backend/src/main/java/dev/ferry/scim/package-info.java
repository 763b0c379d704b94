/**
 * SCIM push as an identity source: the people an identity provider (Okta, Entra ID,
 * OneLogin, JumpCloud) sends to Ferry's SCIM endpoint, kept in Ferry's own directory
 * ({@link dev.ferry.scim.ScimDirectory}) and read by the engine through the connector SPI
 * like any other source ({@link dev.ferry.scim.ScimSourceConnector}, kind {@code scim}).
 * See docs/scim.md.
 */
@org.springframework.modulith.ApplicationModule(displayName = "SCIM source")
package dev.ferry.scim;
