package dev.ferry.tenant.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.ferry.audit.AuditEntry;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.BootstrapProperties;
import dev.ferry.tenant.BootstrapProperties.MemberSeed;
import dev.ferry.tenant.BootstrapProperties.TenantSeed;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.NewTenant;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.Tenants;

/**
 * Creates the organisations listed in {@code ferry.bootstrap.tenants} that do not exist
 * yet.
 */
@Component
@Order(0)
class BootstrapTenants implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(BootstrapTenants.class);

	private final BootstrapProperties bootstrap;

	private final Tenants tenants;

	private final Members members;

	BootstrapTenants(BootstrapProperties bootstrap, Tenants tenants, Members members) {
		this.bootstrap = bootstrap;
		this.tenants = tenants;
		this.members = members;
	}

	@Override
	public void run(ApplicationArguments args) {
		// MSPs first, so customers can name them
		bootstrap.tenants()
			.stream()
			.sorted((a, b) -> a.managedBy() == null ? -1 : b.managedBy() == null ? 1 : 0)
			.filter(seed -> !tenants.slugTaken(seed.slug()))
			.forEach(this::create);
	}

	private void create(TenantSeed seed) {
		Tenant tenant = tenants.create(new NewTenant(seed.slug(), seed.displayName(), seed.kind(), seed.managedBy(),
				seed.oktaIssuer(), seed.oidcClientId(), seed.oidcClientSecret(), seed.emailDomains()));
		TenantContext.run(tenant.id(), () -> {
			for (MemberSeed member : seed.members()) {
				java.util.UUID via = member.via() == null ? null
						: tenants.bySlug(member.via())
							.orElseThrow(() -> new IllegalStateException(
									"ferry.bootstrap: member " + member.login() + " names unknown MSP " + member.via()))
							.id();
				members.invite(member.login(), member.role(), via, AuditEntry.Actor.system(), Role.OWNER);
			}
		});
		log.info("Created organisation '{}' from ferry.bootstrap with {} member(s)", seed.slug(),
				seed.members().size());
	}

}
