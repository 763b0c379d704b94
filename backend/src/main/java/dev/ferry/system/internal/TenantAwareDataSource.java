package dev.ferry.system.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import dev.ferry.system.TenantContext;

/**
 * Tells PostgreSQL whose rows each connection may see: every connection handed out
 * carries {@code ferry.tenant_id} = the thread's {@link TenantContext} (or nothing),
 * which the row-level security policies compare against. Set on every checkout, so a
 * pooled connection never keeps the previous borrower's tenant.
 */
class TenantAwareDataSource extends DelegatingDataSource {

	TenantAwareDataSource(DataSource target) {
		super(target);
	}

	@Override
	public Connection getConnection() throws SQLException {
		return tagged(super.getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return tagged(super.getConnection(username, password));
	}

	private static Connection tagged(Connection connection) throws SQLException {
		String tenant = TenantContext.current().map(UUID::toString).orElse("");
		try (PreparedStatement statement = connection
			.prepareStatement("select set_config('ferry.tenant_id', ?, false)")) {
			statement.setString(1, tenant);
			statement.execute();
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
		return connection;
	}

}
