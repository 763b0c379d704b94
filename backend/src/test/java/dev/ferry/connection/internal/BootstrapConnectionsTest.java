package dev.ferry.connection.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.task.SyncTaskExecutor;

import dev.ferry.connection.ConnectionsBootstrapped;
import dev.ferry.tenant.Tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The steps that wait for bootstrapped connections hear that they are done, with seeds or
 * without, even when a seed fails unexpectedly.
 */
class BootstrapConnectionsTest {

	private final List<Object> published = new ArrayList<>();

	@Test
	void withoutSeedsTheConnectionsAreBootstrappedAtOnce() {
		bootstrap(List.of(), mock(Tenants.class)).apply();
		assertThat(published).containsExactly(new ConnectionsBootstrapped());
	}

	@Test
	void aSeedThatFailsUnexpectedlyStillLetsTheNextStepsGoOn() {
		Tenants tenants = mock(Tenants.class);
		when(tenants.bySlug(anyString())).thenThrow(new IllegalArgumentException("database gone"));
		BootstrapConnections bootstrap = bootstrap(List.of(new BootstrapConnections.Seed("acme",
				new BootstrapConnections.TargetSeed("sharefile", Map.of()), null)), tenants);
		assertThatThrownBy(bootstrap::apply).hasMessage("database gone");
		assertThat(published).containsExactly(new ConnectionsBootstrapped());
	}

	private BootstrapConnections bootstrap(List<BootstrapConnections.Seed> seeds, Tenants tenants) {
		return new BootstrapConnections(new BootstrapConnections.Seeds(seeds), tenants, null, new SyncTaskExecutor(),
				published::add);
	}

}
