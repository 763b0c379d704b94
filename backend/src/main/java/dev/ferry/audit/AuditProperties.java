package dev.ferry.audit;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The audit log's background checks, under {@code ferry.audit.*}, validated at start-up.
 * The scheduled tasks read them through placeholders with the same defaults; this record
 * is what checks them.
 *
 * @param refusalSummaryTick how often closed refusal windows are summarised
 * @param fullCheckInterval how often every chain is checked from its first event
 * @param fullCheckDelay how long after start-up the first full check runs
 * @param exportTick how often the scheduler looks for scheduled exports that are due
 * @param exportDelay how long after start-up it first looks
 */
@ConfigurationProperties("ferry.audit")
@Validated
record AuditProperties(@DefaultValue("30s") @NotNull Duration refusalSummaryTick,
		@DefaultValue("24h") @NotNull Duration fullCheckInterval, @DefaultValue("10m") @NotNull Duration fullCheckDelay,
		@DefaultValue("5m") @NotNull Duration exportTick, @DefaultValue("1m") @NotNull Duration exportDelay) {

}
