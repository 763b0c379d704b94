package dev.ferry.audit;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.ferry.system.TenantContext;

/**
 * The audit chain check of a database no application context of the test runs on (e.g.
 * the one {@code RollingUpgradeIT} upgrades under two versions of Ferry): the same
 * {@link AuditQuery#verifyAll()} the portal and the scheduled check run, on a data source
 * the caller gives (the owner's, to which row-level security does not apply).
 */
public final class AuditChains {

	private AuditChains() {
	}

	/**
	 * @param tenant the organisation whose chain to walk; null for the chain of events
	 * that belong to no organisation
	 */
	public static AuditQuery.ChainCheck verifyAll(DataSource dataSource, UUID tenant) {
		AuditQuery query = new AuditQuery(new JdbcTemplate(dataSource));
		return tenant == null ? query.verifyAll() : TenantContext.call(tenant, query::verifyAll);
	}

}
