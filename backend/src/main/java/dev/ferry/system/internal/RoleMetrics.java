package dev.ferry.system.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

import dev.ferry.system.FerryProperties;

/**
 * {@code ferry.process.role{role}}: 1 for each role this process runs (web, worker,
 * scheduler), so Prometheus can count live workers and schedulers across the deployment
 * and alert when none is up (infra/monitoring/ferry-alerts.yml).
 */
@Component
class RoleMetrics {

	RoleMetrics(MeterRegistry registry, FerryProperties properties) {
		for (FerryProperties.Role role : properties.roles()) {
			Gauge.builder("ferry.process.role", () -> 1)
				.description("1 for each role (web, worker, scheduler) this process runs")
				.tag("role", role.name().toLowerCase(java.util.Locale.ROOT))
				.register(registry);
		}
	}

}
