package dev.ferry.alert;

import java.util.List;
import java.util.Set;

/**
 * Where an organisation's alerts go and which ones it wants. The webhook's address is a
 * secret and is never handed out: only its host.
 *
 * @param emails the recipients of alert e-mails
 * @param webhookHost the host of the webhook address, null when there is none
 * @param kinds the kinds of alert sent
 * @param throttleMinutes how long work must be held back by throttling before it is
 * alerted
 */
public record AlertSettings(List<String> emails, String webhookHost, Set<AlertKind> kinds, int throttleMinutes) {

	public static final int DEFAULT_THROTTLE_MINUTES = 15;

	public static AlertSettings none() {
		return new AlertSettings(List.of(), null, Set.copyOf(AlertKind.choosable()), DEFAULT_THROTTLE_MINUTES);
	}

	public AlertSettings {
		emails = List.copyOf(emails);
		kinds = Set.copyOf(kinds);
	}

	public boolean webhookSet() {
		return webhookHost != null;
	}

	public boolean wants(AlertKind kind) {
		return kinds.contains(kind);
	}

}
