package dev.ferry.system;

import java.net.URI;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Everything Ferry itself is configured with, under {@code ferry.*}. Spring Boot
 * validates it at start-up, so a missing or wrong value stops the application with the
 * property's name and the reason, before any request is served.
 *
 * @param publicUrl the address people and Okta use to reach this deployment (redirect
 * URIs, hook URIs)
 * @param roles which parts run in this process: {@code web}, {@code worker},
 * {@code scheduler}
 * @param redis how Ferry names its keys in Redis
 * @param secrets the keys that encrypt secrets at rest
 * @param allowedHosts host patterns, beyond Okta's and ShareFile's own, that tenants may
 * point connections at (the demo allows the sandbox on 127.0.0.1)
 */
@ConfigurationProperties("ferry")
@Validated
public record FerryProperties(
		@NotNull(message = "must be set (FERRY_PUBLIC_URL), e.g. https://ferry.example.com") URI publicUrl,
		@NotEmpty(message = "must name at least one of web, worker, scheduler (FERRY_ROLES)") Set<Role> roles,
		@NotNull @Valid Redis redis,
		@NotNull(message = "must be set: FERRY_SECRET_KEYS and FERRY_SECRET_ACTIVE_KEY") @Valid Secrets secrets,
		@NotNull List<@Pattern(regexp = "^[*]?[A-Za-z0-9.:-]+$",
				message = "must be a host name, optionally with a leading '*' wildcard and a port") String> allowedHosts) {

	public boolean runs(Role role) {
		return roles.contains(role);
	}

	/**
	 * The public address without a trailing slash, to put paths after: every URL Ferry
	 * hands out (redirect URIs, hook and SCIM addresses) starts with it.
	 */
	public String publicBase() {
		String url = publicUrl.toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	/**
	 * Whether people reach Ferry over https (then cookies are Secure and answers carry
	 * HSTS).
	 */
	public boolean publicHttps() {
		return "https".equalsIgnoreCase(publicUrl.getScheme());
	}

	/**
	 * @param keys {@code id:base64,id:base64}, each key 32 random bytes
	 * ({@code FERRY_SECRET_KEYS})
	 * @param activeKey the key id new secrets are encrypted with
	 * ({@code FERRY_SECRET_ACTIVE_KEY})
	 */
	public record Secrets(
			@NotNull(message = "must be set (FERRY_SECRET_KEYS=k1:<base64 of 32 random bytes>)") @Pattern(
					regexp = "^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+)*$",
					message = "must look like k1:<base64>,k2:<base64> (FERRY_SECRET_KEYS)") String keys,
			@NotNull(
					message = "must name the key new secrets are encrypted with (FERRY_SECRET_ACTIVE_KEY)") String activeKey) {

		public java.util.Map<String, String> keysById() {
			java.util.Map<String, String> byId = new java.util.LinkedHashMap<>();
			for (String entry : keys.split(",")) {
				byId.put(entry.substring(0, entry.indexOf(':')), entry.substring(entry.indexOf(':') + 1));
			}
			return byId;
		}

	}

	/**
	 * The parts of Ferry that a process can take on; one jar, scaled out by
	 * configuration.
	 */
	public enum Role {

		WEB, WORKER, SCHEDULER

	}

	/**
	 * @param keyPrefix put before every Redis key Ferry writes, so that several
	 * deployments (or test runs) can share one Redis without seeing each other's keys
	 */
	public record Redis(@NotNull @Pattern(regexp = "^[A-Za-z0-9._-]+:$",
			message = "must be letters, digits, '.', '_' or '-', ending in ':'") String keyPrefix) {

		public String key(String... parts) {
			return keyPrefix + String.join(":", parts);
		}

	}

}
