package dev.ferry.sandbox.okta;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.okta.admin.GroupAdmin;

/**
 * The demo world's Okta side (docs/sandbox.md, "The demo world"): orgs {@code northwind},
 * {@code acme} and {@code globex}, each with its portal admin, an OIDC app for the Ferry
 * portal, and for the customers 25 people in the groups Sales, Engineering and
 * Contractors, and an app labelled ShareFile assigned to 13 of them (the Sales group, and
 * three engineers directly). Each org accepts the SSWS token {@code sandbox-token-{org}},
 * acting as its admin. Every person's password is {@value #DEMO_PASSWORD}. The seed
 * writes no System Log events: the log starts empty.
 */
@Component
public class OktaSeed {

	public static final String DEMO_PASSWORD = "Ferry-demo-1";

	static final String PORTAL_CLIENT_ID = "ferry-portal";

	static final String PORTAL_BASE = "http://127.0.0.1:8080";

	/**
	 * SSWS tokens are {@code sandbox-token-{org}} (docs/sandbox.md, "The demo world").
	 */
	public static final String API_TOKEN_PREFIX = "sandbox-token-";

	public static final String SHAREFILE_APP_LABEL = "ShareFile";

	static final String SHAREFILE_APP_NAME = "citrixsharefile";

	private static final String[] FIRST_NAMES = { "Ada", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivan",
			"Jade", "Kai", "Lena", "Milo", "Nora", "Omar", "Pia", "Quinn", "Rosa", "Sam", "Tara", "Uma", "Vic", "Wes",
			"Xena", "Yara" };

	private static final String[] LAST_NAMES = { "Stone", "Reed", "Hale", "Patel", "Moss", "Lund", "Okafor", "Berg",
			"Costa", "Nash", "Ito", "Vance", "Quist", "Rowe", "Silva", "Tran", "Urban", "Voss", "Webb", "Young", "Zane",
			"Abbot", "Blake", "Cruz", "Diaz" };

	private final Clock clock;

	private final IdGenerator ids;

	public OktaSeed(Clock clock, IdGenerator ids) {
		this.clock = clock;
		this.ids = ids;
	}

	public List<OktaOrg> orgs() {
		return List.of(org("northwind", "msp.admin", "Morgan", "Price", false),
				org("acme", "it.admin", "Ida", "Admin", true), org("globex", "it.admin", "Gil", "Admin", true));
	}

	/**
	 * An org with nothing but its Everyone group and its SSWS token
	 * {@code sandbox-token-{name}} (control API).
	 */
	public OktaOrg emptyOrg(String name) {
		OktaOrg org = new OktaOrg(name);
		GroupAdmin.seed(org, ids.next("00g"), "Everyone", "BUILT_IN", "All users in your organization",
				clock.instant());
		org.apiTokens().put(API_TOKEN_PREFIX + name, "");
		return org;
	}

	private OktaOrg org(String name, String adminLocalPart, String adminFirst, String adminLast, boolean customer) {
		OktaOrg org = emptyOrg(name);
		Instant now = clock.instant();
		String everyone = org.groups().keySet().iterator().next();
		OktaUser admin = person(org, adminLocalPart + "@" + name + ".example", adminFirst, adminLast, now);
		org.groupMembers().get(everyone).add(admin.id());
		org.apiTokens().put(API_TOKEN_PREFIX + name, admin.id());
		org.addOidcClient(new OidcClient(PORTAL_CLIENT_ID, "ferry-portal-secret-" + name, "Ferry portal",
				List.of(PORTAL_BASE + "/login/oauth2/code/" + name),
				List.of(PORTAL_BASE + "/", PORTAL_BASE + "/login?logout"), true));
		if (customer) {
			List<String> groups = new ArrayList<>();
			for (String group : List.of("Sales", "Engineering", "Contractors")) {
				groups.add(GroupAdmin.seed(org, ids.next("00g"), group, "OKTA_GROUP", group + " team", now).id());
			}
			OktaApp shareFile = new OktaApp(ids.next("0oa"), SHAREFILE_APP_NAME, SHAREFILE_APP_LABEL, "SAML_2_0", now,
					ids);
			org.apps().put(shareFile.id(), shareFile);
			// the whole Sales group (10 people) through the group, three engineers
			// directly: 13 of 25
			shareFile.groups().put(groups.get(0), new OktaApp.GroupAssignment(groups.get(0), 0, now, Map.of()));
			for (int i = 0; i < 25; i++) {
				String first = FIRST_NAMES[i];
				String last = LAST_NAMES[i];
				OktaUser person = person(org,
						first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT) + "@" + name + ".example",
						first, last, now);
				person.profile().put("department", i % 3 == 0 ? "Sales" : i % 3 == 1 ? "Engineering" : "Operations");
				org.groupMembers().get(everyone).add(person.id());
				// 10 in Sales, 10 in Engineering, 5 contractors
				org.groupMembers().get(groups.get(i < 10 ? 0 : i < 20 ? 1 : 2)).add(person.id());
				if (i >= 10 && i < 13) {
					shareFile.users()
						.put(person.id(), new OktaApp.Assignment(shareFile.appUserId(person.id()), person.id(), true,
								now, now, person.login(), Map.of()));
				}
			}
		}
		return org;
	}

	private OktaUser person(OktaOrg org, String login, String first, String last, Instant now) {
		OktaUser user = new OktaUser(ids.next("00u"), now, "ACTIVE");
		user.profile().put("login", login);
		user.profile().put("email", login);
		user.profile().put("firstName", first);
		user.profile().put("lastName", last);
		user.status("ACTIVE", now);
		user.password(DEMO_PASSWORD, now);
		org.put(user);
		return user;
	}

}
