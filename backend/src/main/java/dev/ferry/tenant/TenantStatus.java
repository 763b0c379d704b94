package dev.ferry.tenant;

/** ONBOARDING until its first person signs in (and becomes OWNER), then ACTIVE. */
public enum TenantStatus {

	ONBOARDING, ACTIVE

}
