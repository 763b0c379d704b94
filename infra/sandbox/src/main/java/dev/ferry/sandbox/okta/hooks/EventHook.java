package dev.ferry.sandbox.okta.hooks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered event hook (docs/reference/okta.md §5). Only ACTIVE and VERIFIED hooks
 * receive events. The {@code authScheme} value is write-only: kept here, never returned.
 */
public class EventHook {

	private final String id;

	private final Instant created;

	private final String createdBy;

	private volatile String name;

	private volatile String description;

	private volatile List<String> eventTypes;

	private volatile String uri;

	private volatile List<Map<String, String>> headers;

	/**
	 * {@code {type, key, value}}; value is what deliveries send in the {@code key}
	 * header, verbatim.
	 */
	private volatile Map<String, String> authScheme;

	private volatile String status = "ACTIVE";

	private volatile String verificationStatus = "UNVERIFIED";

	private volatile Instant lastUpdated;

	public EventHook(String id, Instant created, String createdBy) {
		this.id = id;
		this.created = created;
		this.createdBy = createdBy;
		this.lastUpdated = created;
	}

	public void define(String name, String description, List<String> eventTypes, String uri,
			List<Map<String, String>> headers, Map<String, String> authScheme, Instant at) {
		this.name = name;
		this.description = description;
		this.eventTypes = List.copyOf(eventTypes);
		if (!uri.equals(this.uri)) {
			this.verificationStatus = "UNVERIFIED";
		}
		this.uri = uri;
		this.headers = List.copyOf(headers);
		this.authScheme = authScheme;
		this.lastUpdated = at;
	}

	public boolean receives(String eventType) {
		return "ACTIVE".equals(status) && "VERIFIED".equals(verificationStatus) && eventTypes.contains(eventType);
	}

	public String id() {
		return id;
	}

	public Instant created() {
		return created;
	}

	public String createdBy() {
		return createdBy;
	}

	public String name() {
		return name;
	}

	public String description() {
		return description;
	}

	public List<String> eventTypes() {
		return eventTypes;
	}

	public String uri() {
		return uri;
	}

	public List<Map<String, String>> headers() {
		return headers;
	}

	public Map<String, String> authScheme() {
		return authScheme;
	}

	public String status() {
		return status;
	}

	public void status(String status, Instant at) {
		this.status = status;
		this.lastUpdated = at;
	}

	public String verificationStatus() {
		return verificationStatus;
	}

	public void verified(Instant at) {
		this.verificationStatus = "VERIFIED";
		this.lastUpdated = at;
	}

	public Instant lastUpdated() {
		return lastUpdated;
	}

}
