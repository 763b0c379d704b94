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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link AccountTarget} must do, whatever system it speaks to: the engine
 * relies on exactly this. A connector's test extends it and supplies the fixture (fresh
 * accounts, bulk users, the target's request log and its fault switches); checks of the
 * wire format belong in the connector's own test. Attribute names come from the target's
 * {@link TargetSchema}, and the optional capabilities are tested where the connector
 * declares them. See docs/connectors.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AccountTargetContract {

	/**
	 * A fresh, empty account of the target (only its administrator, the
	 * {@link SchemaOp#serviceAccount()}) with this many employee licences.
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

	protected TargetSchema schema;

	@BeforeAll
	void openAccount() {
		account = newAccount(100);
		target = target(account, Throttle.NONE);
		schema = target.schema();
	}

	@Test
	void theSchemaNamesWhatMappingsWriteAndTheEmailAmongIt() {
		assertThat(schema.writable()).contains(schema.emailAttribute(), schema.firstNameAttribute(),
				schema.lastNameAttribute());
		assertThat(schema.defaults().keySet()).as("every default mapping writes a writable attribute")
			.isSubsetOf(schema.writable())
			.contains(schema.emailAttribute());
	}

	@Test
	void createsAccountsAndReadsThemBack() {
		Account created = target.create(person("Ellen", "Employee"), null, false);

		assertThat(created.employee()).isTrue();
		assertThat(created.disabled()).isFalse();
		assertThat(created.attributes()).containsEntry(schema.firstNameAttribute(), "Ellen")
			.containsEntry(schema.lastNameAttribute(), "Employee");
		assertThat(target.get(created.id())).contains(created);
	}

	@Test
	void clientsArePromotedToEmployees() {
		assumeTrue(target.can(AccountTypeOp.class), "the target has one type of account");
		AccountTypeOp types = target.require(AccountTypeOp.class);
		Account client = types.createClient(person("Carl", "Client"), null, false);
		assertThat(client.employee()).isFalse();
		assertThat(target.get(client.id())).contains(client);

		Account promoted = types.promoteToEmployee(client.id());
		assertThat(promoted.employee()).isTrue();
		assertThat(target.get(client.id()).orElseThrow().employee()).isTrue();
	}

	@Test
	void findsByEmailCaseInsensitivelyAndNothingForStrangers() {
		Account created = target.create(person("Fiona", "Finder"), null, false);

		assertThat(target.findByEmail(created.email().toUpperCase())).contains(created);
		assertThat(target.findByEmail("nobody-" + UUID.randomUUID() + "@nowhere.example")).isEmpty();
		assertThat(target.get(UUID.randomUUID().toString())).isEmpty();
	}

	@Test
	void updateSendsExactlyOneRequestAndKeepsWhatItWasNotGiven() {
		Account created = target.create(person("Uma", "Before"), null, false);
		long mark = mark();

		Account updated = target.update(created.id(), Map.of(schema.lastNameAttribute(), "After"));

		assertThat(updated.attributes()).containsEntry(schema.lastNameAttribute(), "After")
			.containsEntry(schema.firstNameAttribute(), "Uma");
		assertThat(requestsSince(account, mark)).hasSize(1);
		assertThat(target.get(created.id()).orElseThrow().attributes()).containsEntry(schema.lastNameAttribute(),
				"After");
	}

	@Test
	void aTakenEmailIsAlreadyExists() {
		Map<String, Object> attributes = person("Dora", "Double");
		target.create(attributes, null, false);

		ConnectorException ex = catchThrowableOfType(ConnectorException.class,
				() -> target.create(attributes, null, false));
		assertThat(ex.kind()).isEqualTo(Kind.ALREADY_EXISTS);
	}

	@Test
	void noLicenceLeftIsLimitReached() {
		String full = newAccount(1); // the administrator holds the only licence
		AccountTarget small = target(full, Throttle.NONE);

		ConnectorException ex = catchThrowableOfType(ConnectorException.class,
				() -> small.create(person("Lena", "Licence"), null, false));
		assertThat(ex.kind()).isEqualTo(Kind.LIMIT_REACHED);
		small.capability(AccountTypeOp.class).ifPresent(types -> {
			Account client = types.createClient(person("Cleo", "Client"), null, false);
			assertThat(
					catchThrowableOfType(ConnectorException.class, () -> types.promoteToEmployee(client.id())).kind())
				.isEqualTo(Kind.LIMIT_REACHED);
		});
	}

	@Test
	void aPasswordSetIsThePasswordThatSignsIn() {
		assumeTrue(target.can(PasswordOp.class), "the target takes no passwords");
		PasswordOp passwords = target.require(PasswordOp.class);
		Account created = target.create(person("Pia", "Password"), "First-pass-1", false);
		assertThat(signsIn(account, created.email(), "First-pass-1")).isTrue();

		passwords.setPassword(created.id(), "Second-pass-2");

		assertThat(signsIn(account, created.email(), "Second-pass-2")).isTrue();
		assertThat(signsIn(account, created.email(), "First-pass-1")).isFalse();
		assertThat(catchThrowableOfType(ConnectorException.class, () -> passwords.setPassword(created.id(), "short"))
			.kind()).isEqualTo(Kind.INVALID_REQUEST);
	}

	@Test
	void authenticateSaysWhetherTheTargetAcceptsThePassword() {
		assumeTrue(target.can(AuthenticateOp.class), "the target cannot check passwords");
		Account created = target.create(person("Abe", "Auth"), "Auth-pass-1", false);

		assertThat(target.require(AuthenticateOp.class).authenticate(created.email(), "Auth-pass-1")).isTrue();
		assertThat(target.require(AuthenticateOp.class).authenticate(created.email(), "Wrong-pass-1")).isFalse();
		assertThat(target.require(AuthenticateOp.class).authenticate("nobody@nowhere.example", "Auth-pass-1"))
			.isFalse();
	}

	@Test
	void disablesAndEnables() {
		Account created = target.create(person("Dirk", "Disabled"), "Disabled-pass-1", false);

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
	void deletesForGood() {
		Account leaver = target.create(person("Leo", "Leaver"), null, false);
		Account heir = target.create(person("Hana", "Heir"), null, false);

		target.delete(leaver.id(), heir.id());

		assertThat(target.get(leaver.id())).isEmpty();
		assertThat(target.findByEmail(leaver.email())).isEmpty();
		assertThat(target.get(heir.id())).isPresent();
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
		assertThat(all).allSatisfy(a -> assertThat(a.attributes()).containsKeys(schema.firstNameAttribute(),
				schema.lastNameAttribute(), schema.emailAttribute()));
		// at least one request per page: 31 accounts in pages of 7
		assertThat(requestsSince(paged, mark)).hasSizeGreaterThanOrEqualTo(5);

		List<Account> some = new ArrayList<>();
		target.search(a -> some.add(a) && some.size() < 3);
		assertThat(some).hasSize(3);
	}

	@Test
	void groupsAreCreatedRenamedFilledAndDeleted() {
		assumeTrue(target.can(GroupOps.class), "the target has no groups");
		String grouped = newAccount(10);
		addUsers(grouped, 250, false, "member");
		AccountTarget target = target(grouped, Throttle.NONE);
		GroupOps groups = target.require(GroupOps.class);
		List<String> ids = userIds(target);

		AccountGroup group = groups.createGroup("Sales", ids);

		assertThat(group.memberIds()).hasSize(250);
		groups.renameGroup(group.id(), "Sales EMEA");
		groups.removeMembers(group.id(), ids.subList(0, 150));
		groups.addMembers(group.id(), ids.subList(0, 10));

		AccountGroup read = groups.groups().stream().filter(g -> g.id().equals(group.id())).findFirst().orElseThrow();
		assertThat(read.name()).isEqualTo("Sales EMEA");
		assertThat(read.memberIds()).hasSize(110).containsAll(ids.subList(0, 10)).containsAll(ids.subList(150, 250));

		groups.deleteGroup(group.id());
		assertThat(groups.groups()).extracting(AccountGroup::id).doesNotContain(group.id());
		assertThat(userIds(target)).as("members keep their accounts").hasSize(ids.size());
		assertThat(catchThrowableOfType(ConnectorException.class, () -> groups.deleteGroup(group.id())).kind())
			.isEqualTo(Kind.UNKNOWN_ID);
	}

	@Test
	void aGroupHoldsAtMostItsCapacity() {
		assumeTrue(target.can(GroupOps.class), "the target has no groups");
		int capacity = target.require(GroupOps.class).groupCapacity();
		String big = newAccount(10);
		addUsers(big, capacity + 1, false, "crowd");
		AccountTarget target = target(big, Throttle.NONE);
		GroupOps groups = target.require(GroupOps.class);
		List<String> ids = userIds(target);
		assertThat(ids).hasSize(capacity + 1);

		assertThat(catchThrowableOfType(ConnectorException.class, () -> groups.createGroup("Everyone+1", ids)).kind())
			.isEqualTo(Kind.LIMIT_REACHED);
		AccountGroup group = groups.createGroup("Everyone", ids.subList(0, capacity));
		assertThat(catchThrowableOfType(ConnectorException.class,
				() -> groups.addMembers(group.id(), ids.subList(capacity, capacity + 1)))
			.kind()).isEqualTo(Kind.LIMIT_REACHED);
	}

	@Test
	void throttlingIsRetryableWithTheWaitAndSlowsTheThrottle() {
		String busy = newAccount(10);
		RecordingThrottle throttle = new RecordingThrottle();
		AccountTarget target = target(busy, throttle);
		target.findByEmail("warm-up@nowhere.example"); // a token, if the target uses
														// one, so only API calls count
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
			assertThat(ex.retryAfter()).isPositive();
			assertThat(throttle.slowDowns()).containsExactly(ex.retryAfter());
			assertThat(throttle.acquired()).isGreaterThanOrEqualTo(4);
		}
		finally {
			throttle(busy, 0);
		}
	}

	/** Every account but the administrator Ferry signs in as. */
	protected static List<String> userIds(AccountTarget target) {
		String admin = target.serviceAccount().orElse("");
		List<String> ids = new ArrayList<>();
		target.search(a -> {
			if (!admin.equalsIgnoreCase(a.email())) {
				ids.add(a.id());
			}
			return true;
		});
		return ids;
	}

	/**
	 * A new person's attributes: the names given, a unique e-mail and a value for every
	 * other writable attribute.
	 */
	protected Map<String, Object> person(String first, String last) {
		Map<String, Object> attributes = new LinkedHashMap<>();
		for (String name : schema.writable()) {
			attributes.put(name, "Contract Co");
		}
		attributes.put(schema.firstNameAttribute(), first);
		attributes.put(schema.lastNameAttribute(), last);
		attributes.put(schema.emailAttribute(),
				(first + "." + last + "." + UUID.randomUUID().toString().substring(0, 8)).toLowerCase()
						+ "@contract.example");
		return attributes;
	}

}
