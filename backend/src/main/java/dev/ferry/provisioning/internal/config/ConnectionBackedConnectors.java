package dev.ferry.provisioning.internal.config;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import dev.ferry.connection.Connections;
import dev.ferry.connection.StoredConnection;
import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.ConnectorSettings;
import dev.ferry.connector.Connectors;
import dev.ferry.connector.IdentitySource;
import dev.ferry.connector.SourceConnectorFactory;
import dev.ferry.connector.TargetSchema;
import dev.ferry.connector.ThrottleSource;
import dev.ferry.system.TenantContext;
import dev.ferry.work.Throttles;

/**
 * Builds the current tenant's connectors from its stored connections through the
 * registered connector factories. Every worker of every process shares one token bucket
 * per key a connector names (an account, an org's rate-limit bucket), so together they
 * stay within what the system allows, and slow down together when it answers 429.
 */
@Component
class ConnectionBackedConnectors implements TenantConnectors {

	private final Connections connections;

	private final Connectors connectors;

	private final ThrottleSource throttles;

	ConnectionBackedConnectors(Connections connections, Connectors connectors, Throttles throttles) {
		this.connections = connections;
		this.connectors = connectors;
		this.throttles = throttles::forTarget;
	}

	@Override
	public IdentitySource source() {
		ConnectorSettings settings = connections.sourceSettings()
			.orElseThrow(() -> new IllegalStateException(
					"The identity source is not connected: set up its API access and choose its app."));
		return connectors.source(settings.kind()).orElseThrow().open(settings, throttles);
	}

	@Override
	public AccountTarget target() {
		ConnectorSettings settings = connections.targetSettings()
			.orElseThrow(() -> new IllegalStateException("The target connection is not set up."));
		return connectors.target(settings.kind()).orElseThrow().open(settings, throttles);
	}

	@Override
	public TargetSchema targetSchema() {
		// outside a request for an organisation (tests, start-up) the first registered
		// target's
		String kind = TenantContext.current().isEmpty() ? null
				: connections.target().map(StoredConnection::kind).orElse(null);
		return (kind == null ? connectors.targets().stream().findFirst() : connectors.target(kind)).orElseThrow()
			.schema();
	}

	@Override
	public String targetKind() {
		return kind(connections.target().map(StoredConnection::kind), () -> connectors.targets().getFirst().kind());
	}

	@Override
	public String sourceKind() {
		return kind(connections.source().map(StoredConnection::kind), () -> connectors.sources().getFirst().kind());
	}

	@Override
	public Set<String> sourceAttributes() {
		String kind = sourceKind();
		return connectors.source(kind).map(SourceConnectorFactory::writableAttributes).orElse(Set.of());
	}

	/**
	 * The stored kind, else the first registered (outside a request for an organisation
	 * too: tests, start-up).
	 */
	private static String kind(Optional<String> stored, Supplier<String> first) {
		return TenantContext.current().isEmpty() ? first.get() : stored.orElseGet(first);
	}

}
