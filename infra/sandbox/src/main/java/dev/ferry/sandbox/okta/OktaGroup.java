package dev.ferry.sandbox.okta;

import java.time.Instant;

/**
 * What Okta keeps about a group beyond its name and members (which stay in
 * {@link OktaOrg#groupNames()} and {@link OktaOrg#groupMembers()}, the maps the OIDC side
 * reads).
 *
 * @param type {@code OKTA_GROUP}, or {@code BUILT_IN} for Everyone
 */
public class OktaGroup {

	private final String id;

	private final String type;

	private final Instant created;

	private volatile Instant lastUpdated;

	private volatile Instant lastMembershipUpdated;

	private volatile String description;

	public OktaGroup(String id, String type, Instant created, String description) {
		this.id = id;
		this.type = type;
		this.created = created;
		this.lastUpdated = created;
		this.lastMembershipUpdated = created;
		this.description = description;
	}

	public String id() {
		return id;
	}

	public String type() {
		return type;
	}

	public Instant created() {
		return created;
	}

	public Instant lastUpdated() {
		return lastUpdated;
	}

	public Instant lastMembershipUpdated() {
		return lastMembershipUpdated;
	}

	public String description() {
		return description;
	}

	public void updated(String description, Instant at) {
		this.description = description;
		this.lastUpdated = at;
	}

	public void membershipChanged(Instant at) {
		this.lastMembershipUpdated = at;
	}

}
