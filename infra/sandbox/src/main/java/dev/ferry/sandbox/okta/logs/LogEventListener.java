package dev.ferry.sandbox.okta.logs;

import dev.ferry.sandbox.okta.OktaOrg;

/** Told about every event appended to an org's System Log (the event-hook dispatcher). */
public interface LogEventListener {

	void appended(OktaOrg org, String baseUrl, LogEvent event);

}
