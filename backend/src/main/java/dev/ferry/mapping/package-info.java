/**
 * Mappings: the small, safe expression language tenants write to compute ShareFile
 * attributes from Okta profiles (and Okta attributes from ShareFile accounts on import),
 * and to decide who is in scope. Evaluation only walks Ferry's own syntax tree; nothing
 * reaches Java.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Mappings")
package dev.ferry.mapping;
