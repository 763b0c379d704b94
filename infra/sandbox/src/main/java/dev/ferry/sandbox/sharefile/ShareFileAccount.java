package dev.ferry.sandbox.sharefile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.springframework.http.HttpStatus;

/**
 * One ShareFile account ({@code /sharefile/{sub}}): its users (indexed by id and by
 * lower-case e-mail, and kept in creation order for paging), distribution groups,
 * address-book contacts, employee licences and OAuth clients. Every read and write goes
 * through the account's monitor; compound operations use {@link #atomically}. The rules
 * that ShareFile enforces whoever calls (unique e-mail, licences, the group cap) live
 * here, so the REST API and the control API cannot disagree.
 */
public final class ShareFileAccount {

	private final String subdomain;

	private final String id = UUID.randomUUID().toString();

	private final String companyName;

	private final Map<String, SfUser> usersById = new HashMap<>();

	private final Map<String, SfUser> usersByEmail = new HashMap<>();

	private final List<SfUser> usersInOrder = new ArrayList<>();

	private final Map<String, SfGroup> groups = new LinkedHashMap<>();

	/** E-mail addresses added to groups that belong to no user: contact id → e-mail. */
	private final Map<String, String> addressBook = new HashMap<>();

	private final Map<String, OAuthClient> clients = new LinkedHashMap<>();

	private int employeeLicences;

	private int employeeCount;

	/**
	 * Server-side page size for feeds when the caller asks for more (or no {@code $top});
	 * 0 = no paging.
	 */
	private int serverPageSize;

	public ShareFileAccount(String subdomain, String companyName, int employeeLicences) {
		this.subdomain = subdomain;
		this.companyName = companyName;
		this.employeeLicences = employeeLicences;
	}

	public String subdomain() {
		return subdomain;
	}

	public String id() {
		return id;
	}

	public String companyName() {
		return companyName;
	}

	public synchronized <T> T atomically(Supplier<T> work) {
		return work.get();
	}

	// ---- OAuth clients

	public synchronized void addClient(OAuthClient client) {
		clients.put(client.clientId(), client);
	}

	public synchronized Optional<OAuthClient> client(String clientId) {
		return Optional.ofNullable(clientId == null ? null : clients.get(clientId));
	}

	public synchronized List<OAuthClient> clients() {
		return List.copyOf(clients.values());
	}

	// ---- licences

	public synchronized int employeeLicences() {
		return employeeLicences;
	}

	public synchronized void employeeLicences(int licences) {
		if (licences < 0) {
			throw new IllegalArgumentException("employeeLicences must not be negative");
		}
		this.employeeLicences = licences;
	}

	/**
	 * Employees hold a licence whether enabled or disabled, until deleted or downgraded.
	 */
	public synchronized int employeeCount() {
		return employeeCount;
	}

	public synchronized int clientCount() {
		return usersInOrder.size() - employeeCount;
	}

	public synchronized int serverPageSize() {
		return serverPageSize;
	}

	public synchronized void serverPageSize(int size) {
		if (size < 0) {
			throw new IllegalArgumentException("serverPageSize must not be negative");
		}
		this.serverPageSize = size;
	}

	private void requireLicence() {
		if (employeeCount >= employeeLicences) {
			throw new ShareFileException(HttpStatus.BAD_REQUEST, "EmployeeLicensesExceeded",
					"The account has no employee licenses left (" + employeeLicences + " of " + employeeLicences
							+ " in use).");
		}
	}

	// ---- users

	public synchronized Optional<SfUser> user(String userId) {
		return Optional.ofNullable(userId == null ? null : usersById.get(userId));
	}

	public synchronized Optional<SfUser> userByEmail(String email) {
		return Optional.ofNullable(email == null ? null : usersByEmail.get(key(email)));
	}

	/**
	 * Adds a user. Throws 409 Conflict for an e-mail already in use and
	 * EmployeeLicensesExceeded when an employee would exceed the licences.
	 */
	public synchronized SfUser addUser(String email, boolean employee, Instant now) {
		return addUser(email, employee, now, user -> {
		});
	}

	/**
	 * As {@link #addUser(String, boolean, Instant)}, filling the new user in with
	 * {@code init} before it becomes visible; if {@code init} throws, nothing is added.
	 */
	public synchronized SfUser addUser(String email, boolean employee, Instant now, Consumer<SfUser> init) {
		String normalised = requireEmail(email);
		if (usersByEmail.containsKey(key(normalised))) {
			throw conflict(normalised);
		}
		if (employee) {
			requireLicence();
		}
		SfUser user = new SfUser(UUID.randomUUID().toString(), normalised, now);
		user.employee(employee);
		init.accept(user);
		usersById.put(user.id(), user);
		usersByEmail.put(key(normalised), user);
		usersInOrder.add(user);
		if (employee) {
			employeeCount++;
		}
		return user;
	}

	/** Throws 400 for a malformed address and 409 when another user has it. */
	public synchronized String requireEmailAvailable(SfUser user, String email) {
		String normalised = requireEmail(email);
		SfUser holder = usersByEmail.get(key(normalised));
		if (holder != null && holder != user) {
			throw conflict(normalised);
		}
		return normalised;
	}

	public synchronized void changeEmail(SfUser user, String email) {
		String normalised = requireEmailAvailable(user, email);
		usersByEmail.remove(key(user.email()));
		user.email(normalised);
		usersByEmail.put(key(normalised), user);
	}

	/**
	 * Makes a client an employee (consuming a licence) or an employee a client (freeing
	 * one).
	 */
	public synchronized void employee(SfUser user, boolean employee) {
		if (user.employee() == employee) {
			return;
		}
		if (employee) {
			requireLicence();
			employeeCount++;
		}
		else {
			employeeCount--;
			user.administrator(false);
		}
		user.employee(employee);
	}

	/**
	 * Removes a user for good: out of every group; groups they owned go to
	 * {@code groupsReassignTo}, or are deleted when that is null.
	 */
	public synchronized void removeUser(SfUser user, SfUser groupsReassignTo) {
		usersById.remove(user.id());
		usersByEmail.remove(key(user.email()));
		usersInOrder.remove(user);
		if (user.employee()) {
			employeeCount--;
		}
		groups.values().removeIf(group -> {
			group.memberIds().remove(user.id());
			if (!user.id().equals(group.ownerId())) {
				return false;
			}
			if (groupsReassignTo == null) {
				return true;
			}
			group.ownerId(groupsReassignTo.id());
			return false;
		});
	}

	public synchronized int userCount() {
		return usersInOrder.size();
	}

	/**
	 * Users matching {@code filter}, in creation order, skipping {@code skip} and
	 * returning at most {@code top}.
	 */
	public synchronized List<SfUser> users(Predicate<SfUser> filter, long skip, int top) {
		List<SfUser> page = new ArrayList<>(Math.min(top, 1024));
		long seen = 0;
		for (SfUser user : usersInOrder) {
			if (page.size() >= top) {
				break;
			}
			if (filter.test(user) && seen++ >= skip) {
				page.add(user);
			}
		}
		return page;
	}

	public synchronized long countUsers(Predicate<SfUser> filter) {
		if (filter == EMPLOYEES) {
			return employeeCount;
		}
		if (filter == CLIENTS) {
			return usersInOrder.size() - employeeCount;
		}
		return usersInOrder.stream().filter(filter).count();
	}

	public static final Predicate<SfUser> EMPLOYEES = SfUser::employee;

	public static final Predicate<SfUser> CLIENTS = user -> !user.employee();

	public static final Predicate<SfUser> EVERYONE = user -> true;

	// ---- groups and contacts

	public synchronized Optional<SfGroup> group(String groupId) {
		return Optional.ofNullable(groupId == null ? null : groups.get(groupId));
	}

	public synchronized List<SfGroup> groups() {
		return List.copyOf(groups.values());
	}

	public synchronized SfGroup addGroup(String name, boolean shared, String ownerId, Instant now) {
		if (name == null || name.isBlank()) {
			throw ShareFileException.badRequest("Name is required.");
		}
		SfGroup group = new SfGroup(UUID.randomUUID().toString(), name.trim(), shared, ownerId, now);
		groups.put(group.id(), group);
		return group;
	}

	public synchronized void removeGroup(SfGroup group) {
		groups.remove(group.id());
	}

	/**
	 * Adds members by reference (user or contact id, or e-mail) all-or-nothing: an
	 * unknown id is 404, an e-mail with no user becomes an address-book contact, and
	 * going past 2,000 members is a 400.
	 */
	public synchronized void addMembers(SfGroup group, Collection<MemberRef> refs) {
		List<String> toAdd = new ArrayList<>();
		Map<String, String> newContacts = new LinkedHashMap<>();
		for (MemberRef ref : refs) {
			String memberId = resolveForAdd(ref, newContacts);
			if (!group.memberIds().contains(memberId) && !toAdd.contains(memberId)) {
				toAdd.add(memberId);
			}
		}
		int after = group.memberIds().size() + toAdd.size();
		if (after > SfGroup.MAX_MEMBERS) {
			throw ShareFileException.badRequest("A distribution group can have at most " + SfGroup.MAX_MEMBERS
					+ " members; this request would make it " + after + ". Nothing was added.");
		}
		newContacts.forEach(addressBook::put);
		group.memberIds().addAll(toAdd);
	}

	private String resolveForAdd(MemberRef ref, Map<String, String> newContacts) {
		if (ref.id() != null) {
			if (usersById.containsKey(ref.id()) || addressBook.containsKey(ref.id())) {
				return ref.id();
			}
			throw new ShareFileException(HttpStatus.NOT_FOUND, "NotFound",
					"No user or contact with Id " + ref.id() + ". Nothing was added.");
		}
		if (ref.email() == null) {
			throw ShareFileException.badRequest("Each contact needs an Id or an Email.");
		}
		String email = requireEmail(ref.email());
		SfUser user = usersByEmail.get(key(email));
		if (user != null) {
			return user.id();
		}
		Optional<String> known = contactIdByEmail(email).or(() -> newContacts.entrySet()
			.stream()
			.filter(entry -> entry.getValue().equalsIgnoreCase(email))
			.map(Map.Entry::getKey)
			.findFirst());
		if (known.isPresent()) {
			return known.get();
		}
		String contactId = UUID.randomUUID().toString();
		newContacts.put(contactId, email);
		return contactId;
	}

	/**
	 * Removes members by Id first, then Email; references not in the group are ignored.
	 */
	public synchronized void removeMembers(SfGroup group, Collection<MemberRef> refs) {
		for (MemberRef ref : refs) {
			if (ref.id() != null && group.memberIds().remove(ref.id())) {
				continue;
			}
			if (ref.email() != null) {
				SfUser user = usersByEmail.get(key(ref.email().trim()));
				String memberId = user != null ? user.id() : contactIdByEmail(ref.email().trim()).orElse(null);
				if (memberId != null) {
					group.memberIds().remove(memberId);
				}
			}
		}
	}

	/** The e-mail of an address-book contact (not a user), if that id is one. */
	public synchronized Optional<String> addressBookEmail(String contactId) {
		return Optional.ofNullable(addressBook.get(contactId));
	}

	private Optional<String> contactIdByEmail(String email) {
		return addressBook.entrySet()
			.stream()
			.filter(entry -> entry.getValue().equalsIgnoreCase(email))
			.map(Map.Entry::getKey)
			.findFirst();
	}

	// ---- helpers

	private static String key(String email) {
		return email.trim().toLowerCase(Locale.ROOT);
	}

	static String requireEmail(String email) {
		String trimmed = email == null ? "" : email.trim();
		int at = trimmed.indexOf('@');
		if (at <= 0 || at != trimmed.lastIndexOf('@') || at == trimmed.length() - 1 || trimmed.contains(" ")
				|| !trimmed.substring(at + 1).contains(".")) {
			throw ShareFileException
				.badRequest("A valid Email is required" + (trimmed.isEmpty() ? "." : ": " + trimmed));
		}
		return trimmed;
	}

	private static ShareFileException conflict(String email) {
		return new ShareFileException(HttpStatus.CONFLICT, "Conflict",
				"A user with the email address " + email + " already exists in this account.");
	}

	/**
	 * A group member reference from a request: {@code {"Id": ...}} or {@code {"Email":
	 * ...}}.
	 */
	public record MemberRef(String id, String email) {
	}

}
