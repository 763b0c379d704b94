package dev.ferry.memorytarget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.ferry.connector.Account;
import dev.ferry.connector.AccountGroup;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorException.Kind;
import dev.ferry.connector.SentRequest;

/**
 * One account of the in-memory target: its users, groups, licences and a log of the calls
 * made to it, with the switches a test flips (page size, a rate limit). Every method is
 * synchronized: workers call it from many threads, like a real service.
 */
public final class MemorySpace {

	private static final Map<String, MemorySpace> SPACES = new ConcurrentHashMap<>();

	private static final AtomicLong SEQUENCE = new AtomicLong();

	static final int GROUP_CAPACITY = 500;

	private final Map<String, User> users = new LinkedHashMap<>();

	private final Map<String, Group> groups = new LinkedHashMap<>();

	/** Accounts another job creates right after the next look-up of their e-mail. */
	private final Map<String, Map<String, Object>> createdAfterLookUp = new LinkedHashMap<>();

	private final List<Call> calls = new ArrayList<>();

	private final int licences;

	private final String adminEmail;

	private int pageSize = 100;

	private int perMinute;

	private final List<Long> windowCalls = new ArrayList<>();

	private MemorySpace(int licences, String adminEmail, String adminPassword) {
		this.licences = licences;
		this.adminEmail = adminEmail;
		User admin = new User(UUID.randomUUID().toString(), adminEmail, true);
		admin.attributes
			.putAll(Map.of("givenName", "Ada", "familyName", "Admin", "mail", adminEmail, "department", "IT"));
		admin.password = adminPassword;
		users.put(admin.id, admin);
	}

	/** A new space with its administrator. */
	public static MemorySpace create(String name, int licences, String adminEmail, String adminPassword) {
		MemorySpace space = new MemorySpace(licences, adminEmail, adminPassword);
		SPACES.put(name, space);
		return space;
	}

	public static MemorySpace get(String name) {
		MemorySpace space = SPACES.get(name);
		if (space == null) {
			throw new ConnectorException(Kind.CONNECTION_FAILED, "No memory space " + name, 0, null, null);
		}
		return space;
	}

	public static long mark() {
		return SEQUENCE.get();
	}

	public synchronized List<SentRequest> callsSince(long mark) {
		return calls.stream().filter(call -> call.sequence > mark).map(Call::request).toList();
	}

	public synchronized void pageSize(int size) {
		this.pageSize = size;
	}

	public synchronized void rateLimit(int perMinute) {
		this.perMinute = perMinute;
		windowCalls.clear();
	}

	String adminEmail() {
		return adminEmail;
	}

	/** Every call is logged and counted against the rate limit first. */
	synchronized void call(String operation, String detail) {
		calls.add(new Call(SEQUENCE.incrementAndGet(), new SentRequest(operation, detail, "", 200, null)));
		if (perMinute > 0) {
			long now = System.nanoTime();
			windowCalls.removeIf(at -> now - at > Duration.ofMinutes(1).toNanos());
			windowCalls.add(now);
			if (windowCalls.size() > perMinute) {
				throw new ConnectorException(Kind.RETRYABLE, "Too many requests", 429, null, Duration.ofSeconds(2));
			}
		}
	}

	synchronized Account create(Map<String, Object> attributes, boolean employee, String password) {
		String email = String.valueOf(attributes.get("mail"));
		if (byEmail(email) != null) {
			throw ConnectorException.of(Kind.ALREADY_EXISTS, "The mail " + email + " is taken");
		}
		if (employee && employees() >= licences) {
			throw ConnectorException.of(Kind.LIMIT_REACHED, "No licence left");
		}
		checkPassword(password);
		User user = new User(UUID.randomUUID().toString(), email, employee);
		attributes.forEach((name, value) -> user.attributes.put(name, value == null ? null : value.toString()));
		user.password = password;
		users.put(user.id, user);
		return user.account();
	}

	synchronized List<Account> page(int offset) {
		return users.values().stream().skip(offset).limit(pageSize).map(User::account).toList();
	}

	synchronized Account account(String id) {
		User user = users.get(id);
		return user == null ? null : user.account();
	}

	public synchronized Account findByEmail(String email) {
		User user = byEmail(email);
		Map<String, Object> racing = user == null ? createdAfterLookUp.remove(email.toLowerCase(Locale.ROOT)) : null;
		if (racing != null) {
			// found nothing, and then another job creates the account
			create(new java.util.HashMap<>(racing), true, null);
		}
		return user == null ? null : user.account();
	}

	/**
	 * The race between a look-up and a create: the next look-up of this e-mail finds no
	 * account, and right after it another job creates one with these attributes.
	 */
	public synchronized void createdRightAfterTheNextLookUp(String email, Map<String, Object> attributes) {
		createdAfterLookUp.put(email.toLowerCase(Locale.ROOT), Map.copyOf(attributes));
	}

	synchronized Account update(String id, Map<String, Object> changes) {
		User user = require(id);
		String email = changes.containsKey("mail") ? String.valueOf(changes.get("mail")) : user.email;
		User other = byEmail(email);
		if (other != null && other != user) {
			throw ConnectorException.of(Kind.ALREADY_EXISTS, "The mail " + email + " is taken");
		}
		user.email = email;
		changes.forEach((name, value) -> user.attributes.put(name, value == null ? null : value.toString()));
		return user.account();
	}

	synchronized Account promote(String id) {
		User user = require(id);
		if (!user.employee && employees() >= licences) {
			throw ConnectorException.of(Kind.LIMIT_REACHED, "No licence left");
		}
		user.employee = true;
		return user.account();
	}

	synchronized void password(String id, String password) {
		checkPassword(password);
		require(id).password = password;
	}

	synchronized void disabled(String id, boolean disabled) {
		require(id).disabled = disabled;
	}

	synchronized void delete(String id) {
		require(id);
		users.remove(id);
		groups.values().forEach(group -> group.members.remove(id));
	}

	synchronized boolean signsIn(String email, String password) {
		User user = byEmail(email);
		return user != null && !user.disabled && user.password != null && user.password.equals(password);
	}

	synchronized List<AccountGroup> groups() {
		return groups.values().stream().map(Group::group).toList();
	}

	synchronized AccountGroup createGroup(String name, java.util.Collection<String> members) {
		members.forEach(this::require);
		if (members.size() > GROUP_CAPACITY) {
			throw ConnectorException.of(Kind.LIMIT_REACHED, "A group holds at most " + GROUP_CAPACITY);
		}
		Group group = new Group(UUID.randomUUID().toString(), name);
		group.members.addAll(members);
		groups.put(group.id, group);
		return group.group();
	}

	synchronized void renameGroup(String id, String name) {
		requireGroup(id).name = name;
	}

	synchronized void deleteGroup(String id) {
		requireGroup(id);
		groups.remove(id);
	}

	synchronized void addMembers(String id, java.util.Collection<String> members) {
		Group group = requireGroup(id);
		Set<String> after = new LinkedHashSet<>(group.members);
		after.addAll(members);
		if (after.size() > GROUP_CAPACITY) {
			throw ConnectorException.of(Kind.LIMIT_REACHED, "A group holds at most " + GROUP_CAPACITY);
		}
		group.members.addAll(members);
	}

	synchronized void removeMembers(String id, java.util.Collection<String> members) {
		requireGroup(id).members.removeAll(members);
	}

	/** Adds users behind the connector's back, as an administrator would by hand. */
	public synchronized void generate(int count, boolean employees, String prefix) {
		for (int n = 1; n <= count; n++) {
			User user = new User(UUID.randomUUID().toString(), prefix + n + "@memory.example", employees);
			user.attributes
				.putAll(Map.of("givenName", prefix, "familyName", "No" + n, "mail", user.email, "department", ""));
			users.put(user.id, user);
		}
	}

	private long employees() {
		return users.values().stream().filter(user -> user.employee).count();
	}

	private User byEmail(String email) {
		return users.values().stream().filter(user -> user.email.equalsIgnoreCase(email)).findFirst().orElse(null);
	}

	private User require(String id) {
		User user = users.get(id);
		if (user == null) {
			throw ConnectorException.of(Kind.UNKNOWN_ID, "No user " + id);
		}
		return user;
	}

	private Group requireGroup(String id) {
		Group group = groups.get(id);
		if (group == null) {
			throw ConnectorException.of(Kind.UNKNOWN_ID, "No group " + id);
		}
		return group;
	}

	private static void checkPassword(String password) {
		if (password != null && password.length() < 8) {
			throw ConnectorException.of(Kind.INVALID_REQUEST, "A password has at least 8 characters");
		}
	}

	private record Call(long sequence, SentRequest request) {
	}

	private static final class User {

		final String id;

		String email;

		boolean employee;

		boolean disabled;

		String password;

		final Map<String, Object> attributes = new LinkedHashMap<>();

		User(String id, String email, boolean employee) {
			this.id = id;
			this.email = email;
			this.employee = employee;
		}

		Account account() {
			return new Account(id, email, employee, disabled, new LinkedHashMap<>(attributes));
		}

	}

	private static final class Group {

		final String id;

		String name;

		final Set<String> members = new LinkedHashSet<>();

		Group(String id, String name) {
			this.id = id;
			this.name = name;
		}

		AccountGroup group() {
			return new AccountGroup(id, name, Set.copyOf(members));
		}

	}

}
