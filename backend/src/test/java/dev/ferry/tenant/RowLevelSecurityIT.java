package dev.ferry.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.ferry.system.TenantContext;
import dev.ferry.tenant.internal.MemberRepository;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.TestServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tenant isolation holds in the database itself: raw SQL as Ferry's application role sees
 * only the rows of the tenant the connection is set to, even with no WHERE clause at all,
 * and cannot write rows for another tenant. Hibernate's {@code @TenantId} is the first
 * wall; this proves the second.
 */
@FerryIntegrationTest
class RowLevelSecurityIT {

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	MemberRepository memberRepository;

	Tenant acme;

	Tenant globex;

	@BeforeEach
	void twoTenants() {
		acme = TestTenants.create(tenants, members, "rls-acme", TenantKind.CUSTOMER, "https://acme.okta.com",
				"a1@acme.example", "a2@acme.example");
		globex = TestTenants.create(tenants, members, "rls-globex", TenantKind.CUSTOMER, "https://globex.okta.com",
				"g1@globex.example");
	}

	@Test
	void rawSqlWithoutAFilterSeesOnlyTheConnectionsTenant() throws SQLException {
		try (Connection app = TestServices.get().appConnection()) {
			setTenant(app, acme.id());
			assertThat(logins(app, "select login from member")).containsExactlyInAnyOrder("a1@acme.example",
					"a2@acme.example");
			assertThat(logins(app, "select login from member where tenant_id = '" + globex.id() + "'"))
				.as("asking for the other tenant by id finds nothing")
				.isEmpty();
			setTenant(app, globex.id());
			assertThat(logins(app, "select login from member")).containsExactly("g1@globex.example");
		}
	}

	@Test
	void withNoTenantSetNothingIsVisible() throws SQLException {
		try (Connection app = TestServices.get().appConnection()) {
			assertThat(logins(app, "select login from member")).isEmpty();
			assertThat(logins(app, "select action from audit_event where tenant_id is not null")).isEmpty();
		}
	}

	@Test
	void rowsCannotBeWrittenForAnotherTenant() throws SQLException {
		try (Connection app = TestServices.get().appConnection()) {
			setTenant(app, acme.id());
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> app.createStatement()
					.executeUpdate("insert into member (id, tenant_id, issuer, login, role, invited_at) values ('"
							+ UUID.randomUUID() + "', '" + globex.id()
							+ "', 'https://globex.okta.com', 'intruder@acme.example', 'OWNER', now())"))
				.withMessageContaining("row-level security");
			assertThat(app.createStatement()
				.executeUpdate("update member set role = 'AUDITOR' where tenant_id = '" + globex.id() + "'"))
				.as("updates of another tenant's rows touch nothing")
				.isZero();
			assertThat(
					app.createStatement().executeUpdate("delete from member where tenant_id = '" + globex.id() + "'"))
				.isZero();
		}
		TenantContext.run(globex.id(), () -> assertThat(members.list()).hasSize(1));
	}

	@Test
	void theApplicationsOwnQueriesAreScopedTwice() {
		List<String> seen = TenantContext.call(acme.id(),
				() -> memberRepository.findAll().stream().map(Member::login).toList());
		assertThat(seen).containsExactlyInAnyOrder("a1@acme.example", "a2@acme.example");
		assertThat(TenantContext.call(globex.id(),
				() -> memberRepository
					.findById(TenantContext.call(acme.id(), () -> memberRepository.findAll().get(0).id()))))
			.as("an id from another tenant is not found")
			.isEmpty();
	}

	@Test
	void theApplicationRoleCannotSwitchRowLevelSecurityOff() throws SQLException {
		try (Connection app = TestServices.get().appConnection()) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> app.createStatement().execute("alter table member disable row level security"))
				.withMessageContaining("must be owner");
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> app.createStatement().execute("set role postgres"));
		}
	}

	private static void setTenant(Connection connection, UUID tenant) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("select set_config('ferry.tenant_id', ?, false)")) {
			statement.setString(1, tenant.toString());
			statement.execute();
		}
	}

	private static List<String> logins(Connection connection, String sql) throws SQLException {
		List<String> result = new ArrayList<>();
		try (ResultSet rows = connection.createStatement().executeQuery(sql)) {
			while (rows.next()) {
				result.add(rows.getString(1));
			}
		}
		return result;
	}

}
