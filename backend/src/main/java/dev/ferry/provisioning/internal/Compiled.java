package dev.ferry.provisioning.internal;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.ferry.system.TenantContext;

/**
 * Each tenant's compiled configuration, parsed once per version rather than once per
 * person.
 */
@Component
public class Compiled {

	private final ConfigStore store;

	private final Map<UUID, Entry> cache = new ConcurrentHashMap<>();

	Compiled(ConfigStore store) {
		this.store = store;
	}

	public CompiledConfig current() {
		UUID tenant = TenantContext.require();
		int version = store.version();
		Entry entry = cache.get(tenant);
		if (entry == null || entry.version() != version) {
			entry = new Entry(version, new CompiledConfig(store.current()));
			cache.put(tenant, entry);
		}
		return entry.config();
	}

	private record Entry(int version, CompiledConfig config) {
	}

}
