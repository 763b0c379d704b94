package dev.ferry.system.internal;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when the application's database role would skip row-level security (a
 * superuser, a role with BYPASSRLS, or the owner of the tables): tenant isolation must
 * never rest on the application alone. Deployments use two roles: an owner that runs
 * migrations and an application role.
 */
@Component
@DependsOnDatabaseInitialization
class DatabaseRoleCheck implements InitializingBean {

	private final JdbcTemplate jdbc;

	DatabaseRoleCheck(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void afterPropertiesSet() {
		Boolean bypasses = jdbc.queryForObject(
				"select r.rolsuper or r.rolbypassrls or t.tableowner = current_user from pg_roles r, pg_tables t "
						+ "where r.rolname = current_user and t.schemaname = current_schema() and t.tablename = 'member'",
				Boolean.class);
		if (Boolean.TRUE.equals(bypasses)) {
			String user = jdbc.queryForObject("select current_user", String.class);
			throw new IllegalStateException("The database role '" + user + "' bypasses row-level security (it is a "
					+ "superuser, has BYPASSRLS, or owns Ferry's tables). Connect Ferry as a plain application role "
					+ "(FERRY_DB_USERNAME) and run migrations as the owner (FERRY_DB_OWNER_USERNAME); see README.md.");
		}
	}

}
