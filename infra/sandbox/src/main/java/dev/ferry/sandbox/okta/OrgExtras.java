package dev.ferry.sandbox.okta;

import java.util.concurrent.ConcurrentSkipListMap;

import dev.ferry.sandbox.okta.api.RateLimits;
import dev.ferry.sandbox.okta.hooks.EventHook;
import dev.ferry.sandbox.okta.hooks.InlineHook;
import dev.ferry.sandbox.okta.logs.SystemLog;
import dev.ferry.sandbox.okta.scim.OktaScimState;
import dev.ferry.sandbox.okta.scim.ScimProvisioning;

/**
 * The management-API side of one org: its System Log, event and inline hooks, rate-limit
 * counters and the test switch that makes event-hook deliveries arrive twice and out of
 * order.
 */
public class OrgExtras {

	private final SystemLog log = new SystemLog();

	private final ConcurrentSkipListMap<String, EventHook> eventHooks = new ConcurrentSkipListMap<>();

	private final ConcurrentSkipListMap<String, InlineHook> inlineHooks = new ConcurrentSkipListMap<>();

	private final RateLimits rateLimits = new RateLimits();

	/** SCIM provisioning registered for an app, by app id (see {@code okta.scim}). */
	private final ConcurrentSkipListMap<String, ScimProvisioning> scimApps = new ConcurrentSkipListMap<>();

	/** Okta's side of SCIM provisioning: links, pushed groups, call log, queue. */
	private final OktaScimState scim = new OktaScimState();

	private volatile boolean duplicateAndReorderDeliveries;

	public SystemLog log() {
		return log;
	}

	public ConcurrentSkipListMap<String, EventHook> eventHooks() {
		return eventHooks;
	}

	public ConcurrentSkipListMap<String, InlineHook> inlineHooks() {
		return inlineHooks;
	}

	public ConcurrentSkipListMap<String, ScimProvisioning> scimApps() {
		return scimApps;
	}

	public OktaScimState scim() {
		return scim;
	}

	public RateLimits rateLimits() {
		return rateLimits;
	}

	public boolean duplicateAndReorderDeliveries() {
		return duplicateAndReorderDeliveries;
	}

	public void duplicateAndReorderDeliveries(boolean value) {
		this.duplicateAndReorderDeliveries = value;
	}

}
