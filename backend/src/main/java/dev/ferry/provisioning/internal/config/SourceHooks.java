package dev.ferry.provisioning.internal.config;

import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.ferry.connector.Connectors;
import dev.ferry.connector.HookFormat;
import dev.ferry.connector.SourceConnectorFactory;

/**
 * The wire format of the current organisation's identity source's hook calls, when a call
 * names that source's kind: a call for another kind is for an address the organisation
 * does not have.
 */
@Component
public class SourceHooks {

	private final TenantConnectors connectors;

	private final Connectors registry;

	SourceHooks(TenantConnectors connectors, Connectors registry) {
		this.connectors = connectors;
		this.registry = registry;
	}

	/** Runs with the tenant set. */
	public Optional<HookFormat> format(String kind) {
		if (!kind.equals(connectors.sourceKind())) {
			return Optional.empty();
		}
		return registry.source(kind).flatMap(SourceConnectorFactory::hookFormat);
	}

}
