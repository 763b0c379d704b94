package dev.ferry.work;

import dev.ferry.connector.Throttle;

/**
 * Token buckets shared by every worker, one per system Ferry calls (an account or an
 * organisation at a connector's service).
 */
public interface Throttles {

	/**
	 * @param bucket names the target, e.g. {@code <connector kind>:<host>}
	 * @param perMinute the steady rate allowed; bursts up to a few seconds' worth
	 */
	Throttle forTarget(String bucket, int perMinute);

}
