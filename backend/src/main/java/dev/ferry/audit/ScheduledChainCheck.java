package dev.ferry.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.ferry.system.FerryProperties;
import dev.ferry.system.TenantContext;

/**
 * Once a day (in the process with the scheduler role) every chain is checked from its
 * first event, so a change to an event older than the incremental check's checkpoint is
 * found within a day. A broken chain is logged as an error and shown on the
 * organisation's audit page.
 */
@Component
class ScheduledChainCheck {

	private static final Logger log = LoggerFactory.getLogger(ScheduledChainCheck.class);

	private final AuditQuery query;

	private final JdbcTemplate jdbc;

	private final FerryProperties properties;

	ScheduledChainCheck(AuditQuery query, JdbcTemplate jdbc, FerryProperties properties) {
		this.query = query;
		this.jdbc = jdbc;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${ferry.audit.full-check-interval:24h}",
			initialDelayString = "${ferry.audit.full-check-delay:10m}")
	void checkEveryChain() {
		if (!properties.runs(FerryProperties.Role.SCHEDULER)) {
			return;
		}
		// the tenant table is not tenant-owned; every chain but the one of no tenant
		// belongs to one of them
		List<UUID> chains = new ArrayList<>(jdbc.queryForList("select id from tenant order by id", UUID.class));
		chains.add(null);
		for (UUID tenant : chains) {
			try {
				AuditQuery.ChainCheck check = TenantContext.call(tenant, query::verifyAll);
				if (!check.intact()) {
					log.error("The audit chain of tenant {} is broken at event {}", tenant, check.firstBroken());
				}
			}
			catch (RuntimeException ex) {
				log.warn("Could not check the audit chain of tenant {}: {}", tenant, ex.toString());
			}
		}
	}

}
