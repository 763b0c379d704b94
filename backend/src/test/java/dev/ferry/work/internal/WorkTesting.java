package dev.ferry.work.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.ferry.system.TenantContext;
import dev.ferry.tenant.NewTenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.TestTenants;
import dev.ferry.tenant.Tenants;

/** Small helpers shared by the work integration tests. */
final class WorkTesting {

	private WorkTesting() {
	}

	static UUID newTenant(Tenants tenants, String prefix) {
		return tenants
			.create(new NewTenant(TestTenants.uniqueSlug(prefix), prefix + " Inc", TenantKind.CUSTOMER, null,
					"https://" + prefix + ".okta.example", "ferry-portal", "secret", List.of()))
			.id();
	}

	static String key(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** The job rows of a key as the tenant sees them: status and attempts. */
	static List<Map<String, Object>> rows(JdbcTemplate jdbc, UUID tenant, String key) {
		return TenantContext.call(tenant, () -> jdbc.queryForList(
				"select id, status, attempts, payload::text as payload from job where job_key = ? order by created_at",
				key));
	}

	static String status(JdbcTemplate jdbc, UUID tenant, String key) {
		List<Map<String, Object>> rows = rows(jdbc, tenant, key);
		return rows.isEmpty() ? "NONE" : String.valueOf(rows.getLast().get("status"));
	}

}
