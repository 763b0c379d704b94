package dev.ferry.connection;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.ferry.connection.internal.SecretRotation;
import dev.ferry.system.SecretBox;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.TestServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rotation command re-encrypts secrets made with an old key, and they still decrypt
 * to the same values.
 */
@FerryIntegrationTest
class SecretRotationIT {

	@Autowired
	SecretRotation rotation;

	@Autowired
	Connections connections;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	SecretBox secrets;

	@Test
	void secretsMadeWithTheOldKeyMoveToTheActiveOne() throws Exception {
		Tenant tenant = TestTenants.create(tenants, members, "rotate", TenantKind.CUSTOMER, "https://r.okta.com",
				"o@r.example");
		TenantContext.run(tenant.id(),
				() -> connections.saveTarget("sharefile",
						Map.of("baseUrl", "https://rotate.sharefile.com", "clientId", "client", "clientSecret",
								"client-secret-1", "adminUsername", "admin@r.example", "adminPassword", "admin-pass-1"),
						dev.ferry.audit.AuditEntry.Actor.system()));
		// what an older deployment wrote: the same secrets under the previous key
		SecretBox old = new SecretBox(Map.of("test-old", "dGVzdC1vbGQta2V5LTMyLWJ5dGVzLWxvbmctLS0tLS0="), "test-old");
		try (var owner = TestServices.get().ownerConnection(); var statement = owner.createStatement()) {
			statement.executeUpdate("update target_connection set secrets = jsonb_build_object('clientSecret', '"
					+ old.encrypt("client-secret-1") + "', 'adminPassword', '" + old.encrypt("admin-pass-1")
					+ "') where tenant_id = '" + tenant.id() + "'");
			// the sealed columns other modules declare: a SIEM webhook's HMAC secret and
			// the
			// alert webhook's address
			statement.executeUpdate("insert into audit_stream (tenant_id, id, name, kind, address, secret, "
					+ "created_at, next_attempt_at) values ('" + tenant.id() + "', gen_random_uuid(), 'SIEM', "
					+ "'WEBHOOK', 'https://siem.r.example/in', '" + old.encrypt("hmac-secret-1") + "', now(), now())");
			statement.executeUpdate("insert into alert_settings (tenant_id, webhook_url, webhook_host, updated_at) "
					+ "values ('" + tenant.id() + "', '" + old.encrypt("https://hooks.slack.com/services/T/B/x")
					+ "', 'hooks.slack.com', now())");
		}
		int rotated = rotation.rotateAll();
		assertThat(rotated).isGreaterThanOrEqualTo(4);
		try (var owner = TestServices.get().ownerConnection();
				var rows = owner.createStatement()
					.executeQuery("select s.secret, a.webhook_url from audit_stream s join alert_settings a "
							+ "using (tenant_id) where tenant_id = '" + tenant.id() + "'")) {
			rows.next();
			assertThat(rows.getString(1)).startsWith("v1:test:");
			assertThat(secrets.decrypt(rows.getString(1))).isEqualTo("hmac-secret-1");
			assertThat(rows.getString(2)).startsWith("v1:test:");
			assertThat(secrets.decrypt(rows.getString(2))).isEqualTo("https://hooks.slack.com/services/T/B/x");
		}
		try (var owner = TestServices.get().ownerConnection();
				var rows = owner.createStatement()
					.executeQuery("select secrets->>'clientSecret', secrets->>'adminPassword' from target_connection "
							+ "where tenant_id = '" + tenant.id() + "'")) {
			rows.next();
			assertThat(rows.getString(1)).startsWith("v1:test:");
			assertThat(rows.getString(2)).startsWith("v1:test:");
		}
		var settings = TenantContext.call(tenant.id(), () -> connections.targetSettings()).orElseThrow();
		assertThat(settings.get("clientSecret")).isEqualTo("client-secret-1");
		assertThat(settings.get("adminPassword")).isEqualTo("admin-pass-1");
		assertThat(rotation.rotateAll()).as("nothing left to rotate").isZero();
	}

}
