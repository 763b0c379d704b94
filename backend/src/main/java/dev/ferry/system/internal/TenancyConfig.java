package dev.ferry.system.internal;

import java.util.UUID;

import javax.sql.DataSource;

import org.hibernate.cfg.MultiTenancySettings;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ferry.system.TenantContext;

/**
 * Wires the thread's tenant into Hibernate ({@code @TenantId}) and into every JDBC
 * connection (RLS).
 */
@Configuration(proxyBeanMethods = false)
class TenancyConfig {

	/**
	 * Used when no tenant is set (sign-in, the tenant table itself). Hibernate then adds
	 * no tenant filter, and row-level security still hides every tenant-owned row because
	 * the connection carries no tenant.
	 */
	static final UUID NO_TENANT = new UUID(0, 0);

	@Bean
	static BeanPostProcessor tenantAwareDataSource() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof DataSource dataSource && !(bean instanceof TenantAwareDataSource)
						&& "dataSource".equals(beanName)) {
					return new TenantAwareDataSource(dataSource);
				}
				return bean;
			}
		};
	}

	@Bean
	HibernatePropertiesCustomizer tenantIdentifierResolver() {
		CurrentTenantIdentifierResolver<UUID> resolver = new CurrentTenantIdentifierResolver<>() {
			@Override
			public UUID resolveCurrentTenantIdentifier() {
				return TenantContext.current().orElse(NO_TENANT);
			}

			@Override
			public boolean validateExistingCurrentSessions() {
				return false;
			}

			@Override
			public boolean isRoot(UUID tenantId) {
				return NO_TENANT.equals(tenantId);
			}
		};
		return properties -> properties.put(MultiTenancySettings.MULTI_TENANT_IDENTIFIER_RESOLVER, resolver);
	}

}
