package dev.ferry.sandbox.okta.control;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.okta.IdGenerator;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaSeed;
import dev.ferry.sandbox.okta.OktaUser;

/**
 * Generates many ACTIVE people at once for scale tests and benchmarks
 * ({@code prefix.000001@{org}.example}, password {@value OktaSeed#DEMO_PASSWORD}),
 * straight into the org like an import would: no System Log event or hook delivery per
 * person, so 100,000 people take about a second.
 */
@Component
class BulkPeople {

	static final int MAX = 1_000_000;

	private final IdGenerator ids;

	private final Clock clock;

	BulkPeople(IdGenerator ids, Clock clock) {
		this.ids = ids;
		this.clock = clock;
	}

	/**
	 * @return how many people the org has afterwards
	 */
	int generate(OktaOrg org, int count, String prefix) {
		if (count < 1 || count > MAX) {
			throw new IllegalArgumentException("count must be between 1 and " + MAX);
		}
		String safePrefix = prefix == null || prefix.isBlank() ? "person" : prefix.toLowerCase(Locale.ROOT);
		if (!safePrefix.matches("[a-z0-9._-]{1,40}")) {
			throw new IllegalArgumentException("prefix may hold only a-z, 0-9, '.', '_' and '-'");
		}
		Instant now = clock.instant();
		Set<String> everyone = org.groups()
			.values()
			.stream()
			.filter(group -> "BUILT_IN".equals(group.type()))
			.findFirst()
			.map(group -> org.groupMembers().get(group.id()))
			.orElse(null);
		synchronized (org) {
			int created = 0;
			for (int n = 1; created < count; n++) {
				String login = String.format(Locale.ROOT, "%s.%06d@%s.example", safePrefix, n, org.name());
				if (org.userByLogin(login).isPresent()) {
					continue;
				}
				OktaUser user = new OktaUser(ids.next("00u"), now, "ACTIVE");
				user.profile().put("login", login);
				user.profile().put("email", login);
				user.profile().put("firstName", capitalised(safePrefix));
				user.profile().put("lastName", String.format(Locale.ROOT, "No%06d", n));
				user.status("ACTIVE", now);
				user.password(OktaSeed.DEMO_PASSWORD, now);
				org.put(user);
				if (everyone != null) {
					everyone.add(user.id());
				}
				created++;
			}
		}
		return org.usersById().size();
	}

	private static String capitalised(String value) {
		return Character.toUpperCase(value.charAt(0)) + value.substring(1);
	}

}
