package dev.ferry.msp;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.json.JsonMapper;

import dev.ferry.connector.TestSchemas;
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.tenant.NewTenant;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.TestServices;

/**
 * MSPs, their customers, seats and the numbers the console shows, written as the tables'
 * owner (row-level security does not apply) the way the engine would have left them.
 */
final class MspWorld implements AutoCloseable {

	final JdbcTemplate owner;

	/**
	 * The organisations this world switched provisioning on for: with no real connections
	 * behind them, every later test context's scheduler would queue a reconcile for each,
	 * and each would fail.
	 */
	private final List<UUID> enabled = new java.util.ArrayList<>();

	/** The organisations this world queued jobs for (for the console's numbers). */
	private final java.util.Set<UUID> queued = new java.util.HashSet<>();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Tenants tenants;

	MspWorld(Tenants tenants) {
		this.tenants = tenants;
		TestServices services = TestServices.get();
		this.owner = new JdbcTemplate(
				new SingleConnectionDataSource(services.jdbcUrl(), services.username(), services.password(), true));
	}

	Tenant msp(String prefix, String issuer) {
		return tenants.create(new NewTenant(TestTenants.uniqueSlug(prefix), prefix + " " + suffix(), TenantKind.MSP,
				null, issuer, "ferry-portal", "secret-" + prefix, List.of()));
	}

	Tenant customer(String name, Tenant msp, String issuer) {
		return tenants.create(new NewTenant(TestTenants.uniqueSlug(name.toLowerCase().replaceAll("[^a-z]", "")), name,
				TenantKind.CUSTOMER, msp == null ? null : msp.slug(), issuer, "ferry-portal", "secret", List.of()));
	}

	/** A seat taken (subject known), held directly or through {@code via}. */
	void seat(Tenant tenant, String issuer, String subject, String login, Role role, Tenant via) {
		owner.update("""
				insert into member (id, tenant_id, issuer, subject, login, display_name, role, via_tenant, invited_at,
				                    joined_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, now(), now())""", UUID.randomUUID(), tenant.id(), issuer, subject,
				login, login, role.name(), via == null ? null : via.id());
	}

	void connections(Tenant tenant, Boolean targetOk, Boolean sourceOk, Instant testedAt) {
		Timestamp at = testedAt == null ? null : Timestamp.from(testedAt);
		owner.update("""
				insert into target_connection (tenant_id, kind, last_test_at, last_test_ok, updated_at)
				values (?, 'sharefile', ?, ?, now())""", tenant.id(), at, targetOk);
		owner.update("""
				insert into source_connection (tenant_id, kind, last_test_at, last_test_ok, updated_at)
				values (?, 'okta', ?, ?, now())""", tenant.id(), at, sourceOk);
	}

	/**
	 * A whole configuration, as the settings page saves one: the workers and schedulers
	 * of this and later test contexts read it.
	 */
	void provisioning(Tenant tenant, boolean enabled) {
		String config = JSON
			.writeValueAsString(ProvisioningConfig.defaults(TestSchemas.SHAREFILE_LIKE).withEnabled(enabled));
		owner.update("""
				insert into provisioning_config (tenant_id, version, config, updated_at)
				values (?, 1, ?::jsonb, now())
				on conflict (tenant_id) do update set config = excluded.config""", tenant.id(), config);
		if (enabled) {
			this.enabled.add(tenant.id());
		}
	}

	/**
	 * Switches provisioning off again where this world switched it on, and takes back the
	 * jobs it queued for show, so no later context's worker runs them.
	 */
	@Override
	public void close() {
		for (UUID tenant : enabled) {
			owner.update("update provisioning_config set config = jsonb_set(config, '{enabled}', 'false') "
					+ "where tenant_id = ?", tenant);
		}
		enabled.clear();
		for (UUID tenant : queued) {
			owner.update("delete from job where tenant_id = ? and status in ('PENDING', 'RUNNING')", tenant);
		}
		queued.clear();
	}

	void links(Tenant tenant, int count) {
		owner.update("""
				insert into link (tenant_id, identity_id, account_id, employee, state, linked_at, updated_at)
				select ?, 'id-' || n, 'acc-' || n, true, 'ACTIVE', now(), now() from generate_series(1, ?) n""",
				tenant.id(), count);
	}

	void job(Tenant tenant, String status, String errorKind, Duration notBefore, Duration finishedAgo) {
		queued.add(tenant.id());
		owner.update("""
				insert into job (id, tenant_id, kind, job_key, status, not_before, created_at, finished_at, error_kind,
				                 throttled_since)
				values (?, ?, 'identity.sync', ?, ?, now() + ? * interval '1 second', now(),
				        case when ? then null else now() - ? * interval '1 second' end, nullif(?, 'THROTTLED'),
				        case when ? = 'THROTTLED' then now() end)""", UUID.randomUUID(), tenant.id(),
				UUID.randomUUID().toString(), status, notBefore.toSeconds(), finishedAgo == null,
				finishedAgo == null ? 0 : finishedAgo.toSeconds(), errorKind, errorKind);
	}

	void run(Tenant tenant, String kind, String status, int applied, int failed, Duration startedAgo) {
		owner.update("""
				insert into run (id, tenant_id, kind, trigger, status, applied, failed, held, started_at, finished_at)
				values (?, ?, ?, 'test', ?, ?, ?, case when ? = 'HELD' then 1 else 0 end,
				        now() - ? * interval '1 second', now() - ? * interval '1 second' + interval '1 second')""",
				UUID.randomUUID(), tenant.id(), kind, status, applied, failed, status, startedAgo.toSeconds(),
				startedAgo.toSeconds());
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 4);
	}

}
