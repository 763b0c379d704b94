package dev.ferry.system;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How Ferry's web edge is reached, under {@code ferry.web.*} (docs/security.md).
 *
 * @param trustedProxies the load balancers and reverse proxies in front of Ferry, as
 * addresses or CIDR blocks ({@code FERRY_TRUSTED_PROXIES}, e.g. {@code 10.0.0.0/8}). Only
 * a request that arrives from one of them may say, through {@code X-Forwarded-*} headers,
 * who the client is and that it came over https; from anyone else those headers are
 * dropped. Empty (the default): nobody is trusted.
 * @param metricsPassword the password of the {@code metrics} user that may read
 * {@code /actuator/prometheus} and full health details with HTTP Basic
 * ({@code FERRY_METRICS_PASSWORD}). Empty: nobody can.
 */
@ConfigurationProperties("ferry.web")
@Validated
public record WebProperties(
		@NotNull List<@Pattern(regexp = "^[0-9A-Fa-f.:]{2,45}(/[0-9]{1,3})?$",
				message = "must be an IP address or a CIDR block, e.g. 10.0.0.0/8") String> trustedProxies,
		@NotNull String metricsPassword) {

	public WebProperties {
		trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
		metricsPassword = metricsPassword == null ? "" : metricsPassword;
	}

}
