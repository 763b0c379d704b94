package dev.ferry.work;

import dev.ferry.connector.Throttle;

/**
 * Token buckets shared by every worker, one per target (a ShareFile account, an Okta
 * org).
 */
public interface Throttles {

	/**
	 * @param bucket names the target, e.g. {@code sharefile:acme.sharefile.com}
	 * @param perMinute the steady rate allowed; bursts up to a few seconds' worth
	 */
	Throttle forTarget(String bucket, int perMinute);

}
