package dev.ferry.auditfeed;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Streaming to SIEMs, under {@code ferry.audit-stream.*}, validated at start-up.
 *
 * @param tick how often the scheduler looks for destinations due
 * @param idlePoll how soon a destination with nothing new is looked at again
 * @param batchSize the most events one webhook call or one syslog connection carries
 * @param timeout connect and answer time allowed to a receiver
 * @param backoffBase the wait after a first failure, doubled after each further one
 * @param backoffMax the longest wait between attempts
 * @param trustStore a PKCS12 file of certificate authorities trusted besides the JVM's
 * own (a SIEM with a private CA; tests' self-signed receivers); empty for none
 * @param trustStorePassword its password
 */
@ConfigurationProperties("ferry.audit-stream")
@Validated
record StreamProperties(@DefaultValue("1s") @NotNull Duration tick, @DefaultValue("5s") @NotNull Duration idlePoll,
		@DefaultValue("500") @Min(1) @Max(1000) int batchSize, @DefaultValue("10s") @NotNull Duration timeout,
		@DefaultValue("5s") @NotNull Duration backoffBase, @DefaultValue("10m") @NotNull Duration backoffMax,
		@DefaultValue("") String trustStore, @DefaultValue("") String trustStorePassword) {

	/** The wait before the next attempt after {@code failures} failures in a row. */
	Duration backoff(int failures) {
		long factor = 1L << Math.min(Math.max(failures - 1, 0), 20);
		Duration wait = backoffBase.multipliedBy(factor);
		return wait.compareTo(backoffMax) > 0 ? backoffMax : wait;
	}

}
