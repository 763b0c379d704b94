/**
 * Organisations (tenants), MSPs and the customers they manage, the people who may enter
 * each one (members) and what their role lets them do.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Organisations")
package dev.ferry.tenant;
