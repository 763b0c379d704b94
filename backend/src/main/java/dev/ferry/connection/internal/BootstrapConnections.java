package dev.ferry.connection.internal;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;

import dev.ferry.audit.AuditEntry;
import dev.ferry.connection.Connections;
import dev.ferry.connection.ConnectionsBootstrapped;
import dev.ferry.connector.ConnectorException;
import dev.ferry.system.Refusal;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Tenants;

/**
 * Connections the deployment's operators set from configuration
 * ({@code ferry.bootstrap.connections}), applied once Ferry is up (registering the event
 * hook needs Okta to call Ferry back) to organisations that have none yet. The demo world
 * uses this for acme and globex. Then publishes {@link ConnectionsBootstrapped}.
 */
@Component
@org.springframework.boot.context.properties.EnableConfigurationProperties(BootstrapConnections.Seeds.class)
class BootstrapConnections {

	private static final Logger log = LoggerFactory.getLogger(BootstrapConnections.class);

	private final Seeds seeds;

	private final Tenants tenants;

	private final Connections connections;

	private final TaskExecutor executor;

	private final ApplicationEventPublisher events;

	BootstrapConnections(Seeds seeds, Tenants tenants, Connections connections,
			@org.springframework.beans.factory.annotation.Qualifier("applicationTaskExecutor") TaskExecutor executor,
			ApplicationEventPublisher events) {
		this.events = events;
		this.seeds = seeds;
		this.tenants = tenants;
		this.connections = connections;
		this.executor = executor;
	}

	@EventListener(ApplicationReadyEvent.class)
	void apply() {
		executor.execute(() -> {
			try {
				seeds.connections().forEach(this::apply);
			}
			finally {
				// whatever became of the seeds, the steps waiting for them go on
				events.publishEvent(new ConnectionsBootstrapped());
			}
		});
	}

	private void apply(Seed seed) {
		tenants.bySlug(seed.tenant()).ifPresentOrElse(tenant -> TenantContext.run(tenant.id(), () -> {
			AuditEntry.Actor system = AuditEntry.Actor.system();
			try {
				if (seed.target() != null && connections.target().isEmpty()) {
					var problems = connections.saveTarget(seed.target().kind(), seed.target().settings(), system);
					if (problems.isEmpty()) {
						connections.testTarget(system);
					}
					else {
						log.warn("ferry.bootstrap.connections[{}].target was refused: {}", seed.tenant(),
								problems.values());
					}
				}
				if (seed.source() != null && connections.source().isEmpty()) {
					SourceSeed source = seed.source();
					var problems = connections.saveSource(source.kind(), source.settings(), system);
					if (!problems.isEmpty()) {
						log.warn("ferry.bootstrap.connections[{}].source was refused: {}", seed.tenant(),
								problems.values());
						return;
					}
					connections.testSource(system);
					// picked by the label people know the object by
					source.pick()
						.forEach((field, label) -> connections.options(field)
							.stream()
							.filter(option -> option.label().equals(label))
							.findFirst()
							.ifPresent(option -> connections.pick(field, option.id(), system)));
					if (source.registerHook()) {
						connections.registerHook(system);
					}
				}
				log.info("Applied ferry.bootstrap.connections for '{}'", seed.tenant());
			}
			catch (ConnectorException | Refusal ex) {
				log.warn("ferry.bootstrap.connections for '{}' did not complete: {}", seed.tenant(), ex.getMessage());
			}
		}), () -> log.warn("ferry.bootstrap.connections names unknown organisation '{}'", seed.tenant()));
	}

	@ConfigurationProperties("ferry.bootstrap")
	record Seeds(List<Seed> connections) {

		Seeds {
			connections = connections == null ? List.of() : connections;
		}

	}

	record Seed(String tenant, TargetSeed target, SourceSeed source) {
	}

	/**
	 * @param kind a registered target connector's kind
	 * @param settings by the connector's setting names
	 */
	record TargetSeed(String kind, Map<String, String> settings) {

		TargetSeed {
			settings = settings == null ? Map.of() : settings;
		}

	}

	/**
	 * @param kind a registered source connector's kind
	 * @param settings by the connector's setting names
	 * @param pick for each picked setting, the label of the object to pick
	 * @param registerHook whether to register Ferry's change hook in the source
	 */
	record SourceSeed(String kind, Map<String, String> settings, Map<String, String> pick, boolean registerHook) {

		SourceSeed {
			settings = settings == null ? Map.of() : settings;
			pick = pick == null ? Map.of() : pick;
		}

	}

}
