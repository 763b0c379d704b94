package dev.ferry.sandbox.entra;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.core.Resettable;

/** The Entra ID tenants defined through the control API; none in the seed. */
@Component
class EntraTenants implements Resettable {

	private final Map<String, EntraTenant> tenants = new ConcurrentHashMap<>();

	EntraTenant create(String name) {
		if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
			throw new IllegalArgumentException("a tenant name holds only A-Z, a-z, 0-9, '.', '_' and '-'");
		}
		return tenants.computeIfAbsent(name, EntraTenant::new);
	}

	Optional<EntraTenant> find(String name) {
		return Optional.ofNullable(tenants.get(name));
	}

	@Override
	public void resetToSeed() {
		tenants.clear();
	}

}
