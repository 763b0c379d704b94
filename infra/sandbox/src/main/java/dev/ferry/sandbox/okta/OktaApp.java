package dev.ferry.sandbox.okta;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An app integration in a sandbox org (e.g. the one labelled {@code ShareFile}), with its
 * direct user assignments and its group assignments. People in an assigned group are
 * assigned through the group ({@code scope: GROUP}); a direct assignment
 * ({@code scope: USER}) wins over a group one.
 */
public class OktaApp {

	private final String id;

	private final String name;

	private final String label;

	private final String signOnMode;

	private final Instant created;

	private volatile Instant lastUpdated;

	private volatile String status = "ACTIVE";

	/** user id → direct assignment. */
	private final ConcurrentSkipListMap<String, Assignment> users = new ConcurrentSkipListMap<>();

	/**
	 * user id → the {@code 0ua…} id of the person's app user, stable across
	 * re-assignments.
	 */
	private final java.util.Map<String, String> appUserIds = new java.util.concurrent.ConcurrentHashMap<>();

	private final IdGenerator ids;

	/** group id → group assignment. */
	private final ConcurrentSkipListMap<String, GroupAssignment> groups = new ConcurrentSkipListMap<>();

	public OktaApp(String id, String name, String label, String signOnMode, Instant created, IdGenerator ids) {
		this.ids = ids;
		this.id = id;
		this.name = name;
		this.label = label;
		this.signOnMode = signOnMode;
		this.created = created;
		this.lastUpdated = created;
	}

	public String id() {
		return id;
	}

	public String name() {
		return name;
	}

	public String label() {
		return label;
	}

	public String signOnMode() {
		return signOnMode;
	}

	public Instant created() {
		return created;
	}

	public Instant lastUpdated() {
		return lastUpdated;
	}

	public String status() {
		return status;
	}

	public String appUserId(String userId) {
		return appUserIds.computeIfAbsent(userId, key -> ids.next("0ua"));
	}

	public ConcurrentSkipListMap<String, Assignment> users() {
		return users;
	}

	public ConcurrentSkipListMap<String, GroupAssignment> groups() {
		return groups;
	}

	/**
	 * One person's assignment to the app. The same object describes a group-derived
	 * assignment (built on the fly, {@code direct=false}).
	 *
	 * @param appUserId the {@code 0ua…} id Okta uses as the System Log target of an app
	 * assignment
	 */
	public record Assignment(String appUserId, String userId, boolean direct, Instant created, Instant lastUpdated,
			String userName, Map<String, Object> profile) {

		public Assignment {
			profile = new LinkedHashMap<>(profile == null ? Map.of() : profile);
		}

	}

	public record GroupAssignment(String groupId, int priority, Instant lastUpdated, Map<String, Object> profile) {

		public GroupAssignment {
			profile = new LinkedHashMap<>(profile == null ? Map.of() : profile);
		}

	}

}
