package dev.ferry.alert.internal;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How alerts are derived and delivered, under {@code ferry.alerts.*}
 * (docs/portal-alerts.md). The SMTP server itself is Spring Boot's {@code spring.mail.*}.
 *
 * @param tick how often the scheduler derives new alerts and sends what is due
 * @param digestWindow after a message of a kind went to a recipient, further alerts of
 * that kind wait this long and then go together in one digest
 * @param overlap how far before its last position the derive pass reads again (a row may
 * commit a little after the time it carries)
 * @param mailFrom the sender of alert e-mails
 * @param maxAttempts tries of one message before it is given up on
 * @param retryBase the first retry's delay, doubled for each further attempt (at most an
 * hour)
 * @param webhookTimeout how long a webhook call may take
 * @param keep how long alerts and their deliveries are kept (the settings page lists the
 * newest)
 */
@ConfigurationProperties("ferry.alerts")
@Validated
public record AlertProperties(@DefaultValue("5s") Duration tick, @DefaultValue("15m") Duration digestWindow,
		@DefaultValue("1m") Duration overlap, @DefaultValue("Ferry <ferry@localhost>") @NotBlank String mailFrom,
		@DefaultValue("10") @Min(1) @Max(100) int maxAttempts, @DefaultValue("30s") Duration retryBase,
		@DefaultValue("10s") Duration webhookTimeout, @DefaultValue("90d") Duration keep) {

}
