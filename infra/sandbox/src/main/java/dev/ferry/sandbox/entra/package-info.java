/**
 * A Microsoft Entra ID-style SCIM client: a tenant's users and groups, defined through
 * the control API, provisioned to a SCIM service in the request shapes Entra ID's
 * provisioning service sends (docs/scim.md, "The sandbox as a SCIM client").
 */
package dev.ferry.sandbox.entra;
