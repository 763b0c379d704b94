package dev.ferry.sandbox.core;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes an injected fault the way the real service would: Okta's error objects and
 * rate-limit headers, ShareFile's error body and {@code Retry-After}. One per
 * {@link TargetKind}.
 */
public interface FaultResponder {

	TargetKind kind();

	/**
	 * @param decision status 429 (throttled), 500 or 503 (error or outage), with
	 * retry-after seconds
	 */
	void respond(Faults.Decision decision, HttpServletResponse response) throws IOException;

}
