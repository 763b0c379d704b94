package dev.ferry.provisioning.internal.config;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.ferry.connector.TargetSchema;
import dev.ferry.system.TenantContext;

/**
 * Each tenant's compiled configuration, parsed once per version rather than once per
 * person.
 */
@Component
public class Compiled {

	private final ConfigStore store;

	private final Map<UUID, Entry> cache = new ConcurrentHashMap<>();

	private final TenantConnectors connectors;

	Compiled(ConfigStore store, TenantConnectors connectors) {
		this.store = store;
		this.connectors = connectors;
	}

	public CompiledConfig current() {
		UUID tenant = TenantContext.require();
		int version = store.version();
		TargetSchema schema = connectors.targetSchema();
		Entry entry = cache.get(tenant);
		if (entry == null || entry.version() != version || !entry.config().schema().equals(schema)) {
			entry = new Entry(version, new CompiledConfig(store.current(), schema));
			cache.put(tenant, entry);
		}
		return entry.config();
	}

	private record Entry(int version, CompiledConfig config) {
	}

}
