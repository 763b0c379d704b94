package dev.ferry.connector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.ferry.connector.ConnectorException.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What every {@link IdentitySource} must do, run against a live (sandboxed) source over
 * real HTTP. A connector's test extends this and supplies the fixture: a seeded org to
 * read, fresh orgs to change, the source's request log and its rate limits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class IdentitySourceContract {

	/** The seeded org, read only, listing assignments {@code pageSize} at a time. */
	protected abstract IdentitySource seeded(int pageSize);

	/** The seeded org's name, for its request log. */
	protected abstract String seededOrg();

	/** Logins of everyone assigned to the app in the seeded org. */
	protected abstract Set<String> seededAssignedLogins();

	/** A seeded person assigned directly, with the group names they are in. */
	protected abstract Map.Entry<String, Set<String>> seededDirectlyAssigned();

	/** A seeded person not assigned to the app. */
	protected abstract String seededUnassignedLogin();

	/** A fresh org with the app and nobody in it. */
	protected abstract String newOrg();

	protected abstract IdentitySource source(String org, Throttle throttle);

	protected abstract IdentitySource withBadCredentials(String org);

	/** Adds a person behind the connector's back; returns their id. */
	protected abstract String addPerson(String org, String first, String last);

	protected abstract void changeProfile(String org, String id, Map<String, Object> changes);

	/**
	 * Creates a group with this person in it behind the connector's back; returns the
	 * group id.
	 */
	protected abstract String addGroupWith(String org, String name, String personId);

	/** Allows this many app-listing requests a minute (0 = the default). */
	protected abstract void limitAppRequests(String org, int perMinute);

	/**
	 * What the source stores of a person beyond their profile: status, password-import
	 * flag, app access.
	 */
	protected abstract Map<String, Object> state(String org, String id);

	protected abstract long mark();

	protected abstract List<SentRequest> requestsSince(String org, long mark);

	@Test
	void searchAssignedYieldsEveryAssignedPersonOncePageByPage() {
		IdentitySource source = seeded(5);
		long mark = mark();
		List<Identity> all = new ArrayList<>();
		source.searchAssigned(all::add);

		assertThat(all).extracting(Identity::login).containsExactlyInAnyOrderElementsOf(seededAssignedLogins());
		assertThat(all).allSatisfy(identity -> {
			assertThat(identity.assigned()).isTrue();
			assertThat(identity.groups()).isEmpty();
			assertThat(identity.profile()).containsKeys("firstName", "lastName", "email", "login");
			assertThat(identity.id()).isNotBlank();
		});
		int pages = (seededAssignedLogins().size() + 4) / 5;
		assertThat(requestsSince(seededOrg(), mark)).hasSize(pages);

		List<Identity> some = new ArrayList<>();
		source.searchAssigned(identity -> some.add(identity) && some.size() < 2);
		assertThat(some).hasSize(2);
	}

	@Test
	void getFillsGroupsAndAssignment() {
		IdentitySource source = seeded(200);
		Map.Entry<String, Set<String>> direct = seededDirectlyAssigned();

		Identity assigned = source.get(direct.getKey()).orElseThrow();
		assertThat(assigned.assigned()).isTrue();
		assertThat(assigned.groups()).containsAll(direct.getValue());
		assertThat(source.get(assigned.id())).contains(assigned);

		Identity unassigned = source.get(seededUnassignedLogin()).orElseThrow();
		assertThat(unassigned.assigned()).isFalse();
		assertThat(unassigned.groups()).isNotEmpty();

		assertThat(source.get("00u" + UUID.randomUUID().toString().replace("-", "").substring(0, 17))).isEmpty();
	}

	@Test
	void groupsAndTheirMembers() {
		IdentitySource source = seeded(200);
		Map.Entry<String, Set<String>> direct = seededDirectlyAssigned();
		Identity person = source.get(direct.getKey()).orElseThrow();
		String groupName = direct.getValue().iterator().next();

		SourceGroup group = source.groups().stream().filter(g -> g.name().equals(groupName)).findFirst().orElseThrow();
		assertThat(source.groupMembers(group.id())).contains(person.id());
	}

	@Test
	void changesSinceReturnsWhoAndWhichGroupsChangedAfterThePosition() {
		String org = newOrg();
		IdentitySource source = source(org, Throttle.NONE);
		String before = addPerson(org, "Early", "Bird");
		SyncOp.Changes first = source.require(SyncOp.class).changesSince(null);
		assertThat(first.position()).isNotBlank();

		changeProfile(org, before, Map.of("department", "Finance"));
		String newcomer = addPerson(org, "New", "Comer");
		String group = addGroupWith(org, "Finance", before);
		SyncOp.Changes second = source.require(SyncOp.class).changesSince(first.position());

		assertThat(second.changedIdentities()).contains(before, newcomer).doesNotHaveDuplicates();
		assertThat(second.changedGroups()).contains(group);
		SyncOp.Changes third = source.require(SyncOp.class).changesSince(second.position());
		assertThat(third.changedIdentities()).isEmpty();
		assertThat(third.changedGroups()).isEmpty();
	}

	@Test
	void createsAssignedPeopleWithThePasswordImportHook() {
		String org = newOrg();
		IdentitySource source = source(org, Throttle.NONE);

		Identity imported = source.require(CreateOp.class).create(profile("Ivy", "Import"), true, true);
		Identity staged = source.require(CreateOp.class).create(profile("Stan", "Staged"), false, false);

		assertThat(imported.assigned()).isTrue();
		assertThat(imported.status()).isEqualTo("ACTIVE");
		assertThat(state(org, imported.id())).containsEntry("passwordImportHook", true)
			.containsEntry("status", "ACTIVE")
			.containsEntry("assignedDirectly", true);
		assertThat(staged.status()).isEqualTo("STAGED");
		assertThat(state(org, staged.id())).containsEntry("passwordImportHook", false)
			.containsEntry("assignedDirectly", true);
		assertThat(source.get(imported.id()).orElseThrow().assigned()).isTrue();
		assertThat(catchThrowableOfType(ConnectorException.class,
				() -> source.require(CreateOp.class)
					.create(Map.of("login", imported.login(), "email", imported.login(), "firstName", "Ivy", "lastName",
							"Again"), true, false))
			.kind()).isEqualTo(Kind.ALREADY_EXISTS);
	}

	@Test
	void updateProfileSendsOnlyTheGivenAttributes() {
		String org = newOrg();
		IdentitySource source = source(org, Throttle.NONE);
		Identity person = source.require(CreateOp.class).create(profile("Paul", "Partial"), true, false);
		long mark = mark();

		Identity updated = source.require(CreateOp.class).updateProfile(person.id(), Map.of("lastName", "Changed"));

		assertThat(updated.profile()).containsEntry("lastName", "Changed").containsEntry("firstName", "Paul");
		assertThat(updated.assigned()).isTrue();
		SentRequest update = requestsSince(org, mark).getFirst();
		assertThat(update.method()).isEqualTo("POST");
		assertThat(update.path()).endsWith("/api/v1/users/" + person.id());
		assertThat(update.body()).isEqualToIgnoringWhitespace("{\"profile\":{\"lastName\":\"Changed\"}}");
	}

	@Test
	void aRefusedTokenIsAnInvalidCredential() {
		ConnectorException ex = catchThrowableOfType(ConnectorException.class,
				() -> withBadCredentials(seededOrg()).searchAssigned(identity -> true));
		assertThat(ex.kind()).isEqualTo(Kind.INVALID_CREDENTIAL);
		assertThat(ex.status()).isEqualTo(401);
	}

	@Test
	void rateLimitedIsRetryableUntilTheResetAndSlowsTheThrottle() {
		String org = newOrg();
		addPerson(org, "Rate", "Limited");
		RecordingThrottle throttle = new RecordingThrottle();
		IdentitySource source = source(org, throttle);
		limitAppRequests(org, 1);
		try {
			source.searchAssigned(identity -> true);
			ConnectorException ex = catchThrowableOfType(ConnectorException.class,
					() -> source.searchAssigned(identity -> true));

			assertThat(ex.kind()).isEqualTo(Kind.RETRYABLE);
			assertThat(ex.status()).isEqualTo(429);
			assertThat(ex.retryAfter()).isPositive().isLessThanOrEqualTo(java.time.Duration.ofSeconds(61));
			assertThat(throttle.slowDowns()).containsExactly(ex.retryAfter());
			assertThat(throttle.acquired()).isEqualTo(2);
			assertThat(throttle.observed()).isNotEmpty();
			assertThat(throttle.observed().getFirst()[0]).isZero(); // the first answer
																	// left 0 of 1
		}
		finally {
			limitAppRequests(org, 0);
		}
	}

	protected static Map<String, Object> profile(String first, String last) {
		String login = (first + "." + last + "." + UUID.randomUUID().toString().substring(0, 8)).toLowerCase()
				+ "@contract.example";
		Map<String, Object> profile = new LinkedHashMap<>();
		profile.put("login", login);
		profile.put("email", login);
		profile.put("firstName", first);
		profile.put("lastName", last);
		return profile;
	}

}
