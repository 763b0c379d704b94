package dev.ferry.provisioning.internal.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the engine runs, under {@code ferry.provisioning.*} (docs/provisioning.md),
 * validated at start-up. The scheduled tasks read their intervals through placeholders
 * with the same defaults; this record is what checks them.
 *
 * @param pollInterval how often the identity source's changes are read (Okta: its System
 * Log) without a hook that receives them
 * @param pollIntervalWithHook how often with one (the log is then only a safety net)
 * @param schedulerTick how often the scheduler looks for due reconciles and polls
 * @param applyParallelism target calls a reconcile makes side by side per tenant
 * @param applyBudget target calls all the reconciles of one worker process make side by
 * side together; 0: four per processor, at least {@code applyParallelism} (one
 * organisation's load alone keeps its full parallelism)
 * @param gapCheckInterval how often the database and Redis are checked for coming back
 * after an outage
 */
@ConfigurationProperties("ferry.provisioning")
@Validated
public record ProvisioningProperties(@DefaultValue("30s") @NotNull Duration pollInterval,
		@DefaultValue("5m") @NotNull Duration pollIntervalWithHook, @DefaultValue("5s") @NotNull Duration schedulerTick,
		@DefaultValue("8") @Min(1) @Max(64) int applyParallelism, @DefaultValue("0") @Min(0) @Max(1024) int applyBudget,
		@DefaultValue("1s") @NotNull Duration gapCheckInterval) {

	/** {@code applyBudget} as configured, or derived from the processors this JVM has. */
	public int applyBudgetOrDefault() {
		return applyBudget > 0 ? applyBudget
				: Math.max(applyParallelism, 4 * Runtime.getRuntime().availableProcessors());
	}

}
