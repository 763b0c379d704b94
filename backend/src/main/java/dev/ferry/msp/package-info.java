/**
 * The MSP console: an MSP member's home page, every managed customer they may enter in
 * one table (connections, provisioning, work, failures, held plans, throttling), actions
 * across selected customers performed under the member's role in each, and adding a
 * customer on its behalf. See docs/portal-msp.md.
 */
@org.springframework.modulith.ApplicationModule(displayName = "MSP console")
package dev.ferry.msp;
