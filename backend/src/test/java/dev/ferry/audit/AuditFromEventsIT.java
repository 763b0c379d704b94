package dev.ferry.audit;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Member;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Modules audit by publishing {@link Happened}: recorded in the publisher's transaction
 * (so it commits or rolls back with the change), or in its own when it must stay on
 * record whatever happens to the change.
 */
@FerryIntegrationTest
class AuditFromEventsIT {

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	AuditQuery query;

	Tenant acme;

	@BeforeEach
	void setUp() {
		acme = TestTenants.create(tenants, members, "events-acme", TenantKind.CUSTOMER, "https://acme.okta.com",
				"owner@acme.example");
	}

	@Test
	void anEventWithTheChangeRollsBackWithItAndOneRecordedRegardlessStays() {
		TenantContext.run(acme.id(), () -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
			// in this order: one recorded regardless after one with the change would wait
			// for the change's lock on the chain
			events.publishEvent(probe("probe.regardless").evenIfRolledBack());
			events.publishEvent(probe("probe.with_change"));
			status.setRollbackOnly();
		}));
		assertThat(count("probe.with_change")).isZero();
		assertThat(count("probe.regardless")).isOne();
		TenantContext.run(acme.id(), () -> new TransactionTemplate(transactions)
			.executeWithoutResult(status -> events.publishEvent(probe("probe.with_change"))));
		assertThat(count("probe.with_change")).isOne();
		assertThat(TenantContext.call(acme.id(), query::verifyAll).intact()).isTrue();
	}

	@Test
	void aRoleChangeIsAuditedAsBeforeAndAfterOnlyIfItCommits() {
		Member member = TenantContext.call(acme.id(), () -> members.invite("someone@acme.example", Role.AUDITOR, null,
				AuditEntry.Actor.system(), Role.OWNER));
		try {
			TenantContext.run(acme.id(), () -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
				members.changeRole(member.id(), Role.ADMIN, AuditEntry.Actor.system(), Role.OWNER);
				throw new IllegalStateException("the caller fails after the change");
			}));
		}
		catch (IllegalStateException expected) {
			// the change and its audit event are gone together
		}
		assertThat(count("member.role_changed")).isZero();
		TenantContext.run(acme.id(),
				() -> members.changeRole(member.id(), Role.ADMIN, AuditEntry.Actor.system(), Role.OWNER));
		Map<String, Object> row = TenantContext.call(acme.id(),
				() -> jdbc.queryForMap("select details -> 'role' ->> 'before' as before, details -> 'role' ->> 'after' "
						+ "as after from audit_event where action = 'member.role_changed'"));
		assertThat(row).containsEntry("before", "AUDITOR").containsEntry("after", "ADMIN");
	}

	private Happened probe(String action) {
		return new Happened(acme.id(), AuditEntry.Actor.system(), action, "probe", null, AuditEntry.Outcome.SUCCESS,
				Map.of("change", Diff.value("a", "b")));
	}

	private int count(String action) {
		return TenantContext.call(acme.id(),
				() -> jdbc.queryForObject("select count(*) from audit_event where action = ?", Integer.class, action));
	}

}
