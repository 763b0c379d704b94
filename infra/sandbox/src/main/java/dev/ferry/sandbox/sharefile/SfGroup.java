package dev.ferry.sandbox.sharefile;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A distribution group: a named list of contacts (user ids, or address-book contact ids
 * for e-mails with no user) owned by one user. Mutable, guarded by its
 * {@link ShareFileAccount}'s lock.
 */
public final class SfGroup {

	/**
	 * Distribution groups hold at most this many members (docs/reference/sharefile.md §4,
	 * SFDOC).
	 */
	public static final int MAX_MEMBERS = 2000;

	private final String id;

	private final Instant created;

	private final Set<String> memberIds = new LinkedHashSet<>();

	private String name;

	private boolean shared;

	private String ownerId;

	public SfGroup(String id, String name, boolean shared, String ownerId, Instant created) {
		this.id = id;
		this.name = name;
		this.shared = shared;
		this.ownerId = ownerId;
		this.created = created;
	}

	public String id() {
		return id;
	}

	public Instant created() {
		return created;
	}

	/**
	 * Member ids in the order they were added; live view, change only under the account
	 * lock.
	 */
	public Set<String> memberIds() {
		return memberIds;
	}

	public String name() {
		return name;
	}

	public void name(String name) {
		this.name = name;
	}

	public boolean shared() {
		return shared;
	}

	public void shared(boolean shared) {
		this.shared = shared;
	}

	public String ownerId() {
		return ownerId;
	}

	public void ownerId(String ownerId) {
		this.ownerId = ownerId;
	}

}
