package dev.ferry.provisioning.internal.config;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;

import dev.ferry.audit.AuditEntry;
import dev.ferry.connection.ConnectionsBootstrapped;
import dev.ferry.provisioning.Provisioning;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Tenants;

/**
 * Provisioning switched on from configuration ({@code ferry.bootstrap.provisioning}) for
 * organisations that have no configuration yet, once the connections have been
 * bootstrapped ({@link ConnectionsBootstrapped}). The demo world turns provisioning on
 * for acme this way; globex stays off.
 */
@Component
@EnableConfigurationProperties(BootstrapProvisioning.Seeds.class)
class BootstrapProvisioning {

	private static final Logger log = LoggerFactory.getLogger(BootstrapProvisioning.class);

	private final Seeds seeds;

	private final Tenants tenants;

	private final Provisioning provisioning;

	private final ConfigStore configs;

	private final TaskExecutor executor;

	BootstrapProvisioning(Seeds seeds, Tenants tenants, Provisioning provisioning, ConfigStore configs,
			@Qualifier("applicationTaskExecutor") TaskExecutor executor) {
		this.seeds = seeds;
		this.tenants = tenants;
		this.provisioning = provisioning;
		this.configs = configs;
		this.executor = executor;
	}

	@EventListener(ConnectionsBootstrapped.class)
	void apply() {
		if (seeds.provisioning().isEmpty()) {
			return;
		}
		executor.execute(() -> seeds.provisioning()
			.forEach(seed -> tenants.bySlug(seed.tenant()).ifPresent(tenant -> TenantContext.run(tenant.id(), () -> {
				if (configs.version() > 0) {
					return;
				}
				var problems = provisioning.saveConfig(provisioning.config().withEnabled(seed.enabled()),
						AuditEntry.Actor.system());
				log.info("ferry.bootstrap.provisioning for '{}': {}", seed.tenant(),
						problems.isEmpty() ? (seed.enabled() ? "on" : "off") : problems);
			}))));
	}

	@ConfigurationProperties("ferry.bootstrap")
	record Seeds(List<Seed> provisioning) {

		Seeds {
			provisioning = provisioning == null ? List.of() : provisioning;
		}

	}

	record Seed(String tenant, boolean enabled) {
	}

}
