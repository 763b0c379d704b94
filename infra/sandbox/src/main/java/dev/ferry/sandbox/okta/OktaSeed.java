package dev.ferry.sandbox.okta;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * The demo world's Okta side (DEMO-WORLD.md): orgs {@code northwind}, {@code acme} and {@code globex},
 * each with its portal admin, an OIDC app for the Ferry portal, and for the customers 25 people in the
 * groups Sales, Engineering and Contractors. Every person's password is {@value #DEMO_PASSWORD}.
 */
@Component
public class OktaSeed {

	public static final String DEMO_PASSWORD = "Ferry-demo-1";

	static final String PORTAL_CLIENT_ID = "ferry-portal";

	static final String PORTAL_BASE = "http://127.0.0.1:8080";

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
		return List.of(org("northwind", "msp.admin", "Morgan", "Price", false), org("acme", "it.admin", "Ida", "Admin", true),
				org("globex", "it.admin", "Gil", "Admin", true));
	}

	private OktaOrg org(String name, String adminLocalPart, String adminFirst, String adminLast, boolean customer) {
		OktaOrg org = new OktaOrg(name);
		Instant now = clock.instant();
		String everyone = ids.next("00g");
		org.groupNames().put(everyone, "Everyone");
		org.groupMembers().put(everyone, java.util.concurrent.ConcurrentHashMap.newKeySet());
		OktaUser admin = person(org, adminLocalPart + "@" + name + ".example", adminFirst, adminLast, now);
		org.groupMembers().get(everyone).add(admin.id());
		org.addOidcClient(new OidcClient(PORTAL_CLIENT_ID, "ferry-portal-secret-" + name, "Ferry portal",
				List.of(PORTAL_BASE + "/login/oauth2/code/" + name),
				List.of(PORTAL_BASE + "/", PORTAL_BASE + "/login?logout"), true));
		if (customer) {
			List<String> groups = new ArrayList<>();
			for (String group : List.of("Sales", "Engineering", "Contractors")) {
				String id = ids.next("00g");
				org.groupNames().put(id, group);
				org.groupMembers().put(id, java.util.concurrent.ConcurrentHashMap.newKeySet());
				groups.add(id);
			}
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
