package dev.ferry.alert;

import java.time.Instant;

/**
 * An alert as the settings page lists it: what happened, where, and what became of its
 * messages to this organisation.
 *
 * @param organisation the organisation it happened in (a customer, on an MSP's page)
 * @param own whether it happened in the organisation whose page lists it
 * @param link the page that resolves it, below Ferry's public address
 * @param delivery what became of this organisation's messages about it
 * @param lastError why the last attempt to send failed, or null
 */
public record RecentAlert(Instant occurredAt, AlertKind kind, String organisation, boolean own, String link,
		Delivery delivery, String lastError) {

	/** The worst state of an alert's messages to one organisation. */
	public enum Delivery {

		/** Every message went out. */
		SENT,

		/** Waiting: in a digest window, or retrying. */
		PENDING,

		/** Gave up after retries. */
		FAILED,

		/** Nobody was to be told (no recipients, or the kind switched off). */
		NONE;

		public String messageKey() {
			return "alerts.delivery." + name();
		}

		public String badge() {
			return switch (this) {
				case SENT -> "badge-ok";
				case PENDING -> "badge-warn";
				case FAILED -> "badge-bad";
				case NONE -> "badge-off";
			};
		}

	}

}
