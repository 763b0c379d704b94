package dev.ferry.signin;

import java.util.List;
import java.util.UUID;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.ferry.audit.AuditEntry;
import dev.ferry.system.FerryProperties;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Member;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.NewTenant;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.BrowserExtension;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.FerryProcess;
import dev.ferry.test.Sandbox;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security review finding 2 with two web nodes: a session made on one Ferry process works
 * on another (sessions live in Redis), and demoting or removing the person on one node
 * ends that session on every node at once.
 */
@FerryIntegrationTest
@ExtendWith(BrowserExtension.class)
class SessionsAcrossNodesIT {

	static FerryProcess second;

	@Value("${ferry.public-url}")
	String portal;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	FerryProperties properties;

	Sandbox sandbox = Sandbox.get();

	@BeforeAll
	static void startSecondNode() {
		second = FerryProcess.start("second-web-node", "web");
	}

	@AfterAll
	static void stopSecondNode() {
		if (second != null) {
			second.close();
		}
	}

	@Test
	void removingAMemberEndsTheirSessionOnEveryNode(Page page) {
		Tenant acme = tenants.create(new NewTenant(TestTenants.uniqueSlug("acme"),
				"Acme " + UUID.randomUUID().toString().substring(0, 4), TenantKind.CUSTOMER, null,
				sandbox.oktaIssuer("acme"), "ferry-portal", "ferry-portal-secret-acme", List.of()));
		sandbox.registerPortal("acme", second.baseUrl(), acme.slug());
		TenantContext.run(acme.id(), () -> {
			members.invite("it.admin@acme.example", Role.OWNER, null, AuditEntry.Actor.system(), Role.OWNER);
			members.invite("ben.reed@acme.example", Role.ADMIN, null, AuditEntry.Actor.system(), Role.OWNER);
		});

		// Ben signs in on the second node
		signIn(page, acme);

		// a demotion made here ends his session there too
		Member admin = TenantContext.call(acme.id(),
				() -> members.list()
					.stream()
					.filter(m -> m.login().equals("ben.reed@acme.example"))
					.findFirst()
					.orElseThrow());
		TenantContext.run(acme.id(),
				() -> members.changeRole(admin.id(), Role.OPERATOR, AuditEntry.Actor.system(), Role.OWNER));
		page.navigate(second.baseUrl() + "/t/" + acme.slug() + "/connections");
		assertThat(page).hasURL(second.baseUrl() + "/login");
		signIn(page, acme);

		// the same browser session is good on this node too (cookies are per host, not
		// per port)
		page.navigate(portal + "/t/" + acme.slug() + "/connections");
		assertThat(page).hasURL(portal + "/t/" + acme.slug() + "/connections");
		assertThat(sessionsInRedis()).as("sessions stored in Redis").isPositive();

		// an owner removes Ben here; his open session ends on the second node as well
		Member ben = TenantContext.call(acme.id(),
				() -> members.list()
					.stream()
					.filter(m -> m.login().equals("ben.reed@acme.example"))
					.findFirst()
					.orElseThrow());
		TenantContext.run(acme.id(), () -> members.remove(ben.id(), AuditEntry.Actor.system(), Role.OWNER));

		page.navigate(second.baseUrl() + "/t/" + acme.slug() + "/connections");
		assertThat(page).hasURL(second.baseUrl() + "/login");
		page.navigate(portal + "/t/" + acme.slug() + "/");
		assertThat(page).hasURL(portal + "/login");
	}

	private void signIn(Page page, Tenant acme) {
		page.navigate(second.baseUrl() + "/login");
		page.getByLabel("Organisation or work e-mail").fill(acme.slug());
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
		page.waitForURL(url -> url.contains("/okta/") || url.contains("/t/"));
		if (page.url().contains("/okta/")) {
			// the identity provider's own session may have ended too; sign in there again
			page.getByLabel("Username").fill("ben.reed@acme.example");
			page.getByLabel("Password").fill("Ferry-demo-1");
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		}
		// in the organisation (on the page asked for before signing in, if any)
		String inside = second.baseUrl() + "/t/" + acme.slug() + "/";
		page.waitForURL(url -> url.startsWith(inside));
	}

	private long sessionsInRedis() {
		var keys = redis.keys(properties.redis().keyPrefix() + "session:sessions:*");
		return keys == null ? 0 : keys.size();
	}

}
