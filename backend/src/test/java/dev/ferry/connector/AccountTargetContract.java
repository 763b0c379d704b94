package dev.ferry.connector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.ferry.connector.ConnectorException.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What every {@link AccountTarget} must do, run against a live (sandboxed) target over
 * real HTTP. A connector's test extends this and supplies the fixture: fresh accounts,
 * bulk users, the target's request log and its fault switches.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AccountTargetContract {

	/**
	 * A fresh, empty account of the target (only its administrator) with this many
	 * employee licences.
	 */
	protected abstract String newAccount(int licences);

	protected abstract AccountTarget target(String account, Throttle throttle);

	/** Adds users behind the connector's back (e-mails {@code prefix…@…}). */
	protected abstract void addUsers(String account, int count, boolean employees, String prefix);

	/** Makes the target page its listings after this many items. */
	protected abstract void serverPageSize(String account, int size);

	/** Lets only this many requests a minute through (0 = no limit). */
	protected abstract void throttle(String account, int perMinute);

	/**
	 * A position in the target's request log; {@link #requestsSince} reads what came
	 * after it.
	 */
	protected abstract long mark();

	protected abstract List<SentRequest> requestsSince(String account, long mark);

	/** Whether the target lets this person sign in with this password. */
	protected abstract boolean signsIn(String account, String email, String password);

	protected String account;

	protected AccountTarget target;

	@BeforeAll
	void openAccount() {
		account = newAccount(100);
		target = target(account, Throttle.NONE);
	}

	@Test
	void createsEmployeesAndClientsAndReadsThemBack() {
		Account employee = target.create(person("Ellen", "Employee"), true, null, false);
		Account client = target.create(person("Carl", "Client"), false, null, false);

		assertThat(employee.employee()).isTrue();
		assertThat(employee.disabled()).isFalse();
		assertThat(employee.attributes()).containsEntry("FirstName", "Ellen").containsEntry("LastName", "Employee");
		assertThat(client.employee()).isFalse();
		assertThat(target.get(employee.id())).contains(employee);
		assertThat(target.get(client.id())).contains(client);

		Account promoted = target.promoteToEmployee(client.id());
		assertThat(promoted.employee()).isTrue();
		assertThat(target.get(client.id()).orElseThrow().employee()).isTrue();
	}

	@Test
	void findsByEmailCaseInsensitivelyAndNothingForStrangers() {
		Account created = target.create(person("Fiona", "Finder"), true, null, false);

		assertThat(target.findByEmail(created.email().toUpperCase())).contains(created);
		assertThat(target.findByEmail("nobody-" + UUID.randomUUID() + "@nowhere.example")).isEmpty();
		assertThat(target.get(UUID.randomUUID().toString())).isEmpty();
	}

	@Test
	void updateSendsExactlyOneRequestWithOnlyTheGivenFields() {
		Account created = target.create(person("Uma", "Before"), true, null, false);
		long mark = mark();

		Account updated = target.update(created.id(), Map.of("LastName", "After"));

		assertThat(updated.attributes()).containsEntry("LastName", "After").containsEntry("FirstName", "Uma");
		List<SentRequest> sent = requestsSince(account, mark);
		assertThat(sent).hasSize(1);
		assertThat(sent.getFirst().method()).isEqualTo("PATCH");
		assertThat(sent.getFirst().body()).isEqualToIgnoringWhitespace("{\"LastName\":\"After\"}");
	}

	@Test
	void aTakenEmailIsAlreadyExists() {
		Map<String, Object> attributes = person("Dora", "Double");
		target.create(attributes, true, null, false);

		ConnectorException ex = catchThrowableOfType(ConnectorException.class,
				() -> target.create(attributes, false, null, false));
		assertThat(ex.kind()).isEqualTo(Kind.ALREADY_EXISTS);
	}

	@Test
	void noLicenceLeftIsLimitReached() {
		String full = newAccount(1); // the administrator holds the only licence
		AccountTarget small = target(full, Throttle.NONE);

		ConnectorException ex = catchThrowableOfType(ConnectorException.class,
				() -> small.create(person("Lena", "Licence"), true, null, false));
		assertThat(ex.kind()).isEqualTo(Kind.LIMIT_REACHED);
		Account client = small.create(person("Cleo", "Client"), false, null, false);
		assertThat(catchThrowableOfType(ConnectorException.class, () -> small.promoteToEmployee(client.id())).kind())
			.isEqualTo(Kind.LIMIT_REACHED);
	}

	@Test
	void aPasswordSetIsThePasswordThatSignsIn() {
		Account created = target.create(person("Pia", "Password"), true, "First-pass-1", false);
		assertThat(signsIn(account, created.email(), "First-pass-1")).isTrue();

		target.setPassword(created.id(), "Second-pass-2");

		assertThat(signsIn(account, created.email(), "Second-pass-2")).isTrue();
		assertThat(signsIn(account, created.email(), "First-pass-1")).isFalse();
		assertThat(
				catchThrowableOfType(ConnectorException.class, () -> target.setPassword(created.id(), "short")).kind())
			.isEqualTo(Kind.INVALID_REQUEST);
	}

	@Test
	void disablesAndEnables() {
		Account created = target.create(person("Dirk", "Disabled"), true, "Disabled-pass-1", false);

		target.setDisabled(created.id(), true);
		assertThat(target.get(created.id()).orElseThrow().disabled()).isTrue();
		assertThat(signsIn(account, created.email(), "Disabled-pass-1")).isFalse();
		List<Account> listed = new ArrayList<>();
		target.search(a -> {
			if (a.id().equals(created.id())) {
				listed.add(a);
				return false;
			}
			return true;
		});
		assertThat(listed).singleElement().extracting(Account::disabled).isEqualTo(true);

		target.setDisabled(created.id(), false);
		assertThat(target.get(created.id()).orElseThrow().disabled()).isFalse();
		assertThat(signsIn(account, created.email(), "Disabled-pass-1")).isTrue();
	}

	@Test
	void deletesForGoodWithReassignment() {
		Account leaver = target.create(person("Leo", "Leaver"), true, null, false);
		Account heir = target.create(person("Hana", "Heir"), true, null, false);
		long mark = mark();

		target.delete(leaver.id(), heir.id());

		assertThat(target.get(leaver.id())).isEmpty();
		assertThat(target.findByEmail(leaver.email())).isEmpty();
		SentRequest delete = requestsSince(account, mark).getFirst();
		assertThat(delete.method()).isEqualTo("DELETE");
		assertThat(delete.query()).contains("completely=true")
			.contains("itemsReassignTo=" + heir.id())
			.contains("groupsReassignTo=" + heir.id());
		assertThat(catchThrowableOfType(ConnectorException.class, () -> target.delete(leaver.id(), null)).kind())
			.isEqualTo(Kind.UNKNOWN_ID);
	}

	@Test
	void searchPagesThroughEveryAccountOnceAndStopsWhenAsked() {
		String paged = newAccount(100);
		addUsers(paged, 20, true, "pagedemp");
		addUsers(paged, 10, false, "pagedcli");
		serverPageSize(paged, 7);
		AccountTarget target = target(paged, Throttle.NONE);
		long mark = mark();

		List<Account> all = new ArrayList<>();
		target.search(all::add);

		assertThat(all).hasSize(31); // 20 employees, 10 clients and the administrator
		assertThat(all.stream().map(Account::id).distinct()).hasSize(31);
		assertThat(all.stream().filter(Account::employee)).hasSize(21);
		assertThat(all).allSatisfy(a -> assertThat(a.attributes()).containsKeys("FirstName", "LastName", "Email"));
		assertThat(requestsSince(paged, mark)).hasSizeGreaterThanOrEqualTo(5); // 3 pages
																				// + 2
																				// pages
																				// at
																				// least

		List<Account> some = new ArrayList<>();
		target.search(a -> some.add(a) && some.size() < 3);
		assertThat(some).hasSize(3);
	}

	@Test
	void groupsAreCreatedRenamedFilledInBatchesAndDeleted() {
		String grouped = newAccount(10);
		addUsers(grouped, 250, false, "member");
		AccountTarget target = target(grouped, Throttle.NONE);
		List<String> ids = userIds(target);
		long mark = mark();

		AccountGroup group = target.createGroup("Sales", ids);

		assertThat(requestsSince(grouped, mark)).hasSize(3); // the create with 100, then
																// 2 batches
		assertThat(group.memberIds()).hasSize(250);
		target.renameGroup(group.id(), "Sales EMEA");
		mark = mark();
		target.removeMembers(group.id(), ids.subList(0, 150));
		assertThat(requestsSince(grouped, mark)).hasSize(2);
		target.addMembers(group.id(), ids.subList(0, 10));

		AccountGroup read = target.groups().stream().filter(g -> g.id().equals(group.id())).findFirst().orElseThrow();
		assertThat(read.name()).isEqualTo("Sales EMEA");
		assertThat(read.memberIds()).hasSize(110).containsAll(ids.subList(0, 10)).containsAll(ids.subList(150, 250));

		target.deleteGroup(group.id());
		assertThat(target.groups()).extracting(AccountGroup::id).doesNotContain(group.id());
		assertThat(userIds(target)).as("members keep their accounts").hasSize(ids.size());
		assertThat(catchThrowableOfType(ConnectorException.class, () -> target.deleteGroup(group.id())).kind())
			.isEqualTo(Kind.UNKNOWN_ID);
	}

	@Test
	void aGroupHoldsAtMostItsCapacity() {
		int capacity = target.groupCapacity();
		String big = newAccount(10);
		addUsers(big, capacity + 1, false, "crowd");
		AccountTarget target = target(big, Throttle.NONE);
		List<String> ids = userIds(target);
		assertThat(ids).hasSize(capacity + 1);

		assertThat(catchThrowableOfType(ConnectorException.class, () -> target.createGroup("Everyone+1", ids)).kind())
			.isEqualTo(Kind.LIMIT_REACHED);
		AccountGroup group = target.createGroup("Everyone", ids.subList(0, capacity));
		assertThat(catchThrowableOfType(ConnectorException.class,
				() -> target.addMembers(group.id(), ids.subList(capacity, capacity + 1)))
			.kind()).isEqualTo(Kind.LIMIT_REACHED);
	}

	@Test
	void throttlingIsRetryableWithTheWaitAndSlowsTheThrottle() {
		String busy = newAccount(10);
		RecordingThrottle throttle = new RecordingThrottle();
		AccountTarget target = target(busy, throttle);
		target.findByEmail("warm-up@nowhere.example"); // the token, so only API calls
														// count below
		throttle(busy, 3);
		try {
			ConnectorException ex = null;
			for (int i = 0; i < 10 && ex == null; i++) {
				try {
					target.get(UUID.randomUUID().toString());
				}
				catch (ConnectorException thrown) {
					ex = thrown;
				}
			}
			assertThat(ex).isNotNull();
			assertThat(ex.kind()).isEqualTo(Kind.RETRYABLE);
			assertThat(ex.status()).isEqualTo(429);
			assertThat(ex.retryAfter()).isPositive();
			assertThat(throttle.slowDowns()).containsExactly(ex.retryAfter());
			assertThat(throttle.acquired()).isGreaterThanOrEqualTo(4);
		}
		finally {
			throttle(busy, 0);
		}
	}

	protected static List<String> userIds(AccountTarget target) {
		List<String> ids = new ArrayList<>();
		target.search(a -> {
			if (!a.attributes().getOrDefault("Email", "").toString().startsWith("sf.admin@")) {
				ids.add(a.id());
			}
			return true;
		});
		return ids;
	}

	protected static Map<String, Object> person(String first, String last) {
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("FirstName", first);
		attributes.put("LastName", last);
		attributes.put("Company", "Contract Co");
		attributes.put("Email", (first + "." + last + "." + UUID.randomUUID().toString().substring(0, 8)).toLowerCase()
				+ "@contract.example");
		return attributes;
	}

}
