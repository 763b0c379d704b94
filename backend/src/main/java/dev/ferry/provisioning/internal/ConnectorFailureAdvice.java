package dev.ferry.provisioning.internal;

import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.ferry.connector.ConnectorException;
import dev.ferry.work.FailureAdvice;

/**
 * What to do about a connector's failure of a provisioning job, for the dead-letter list:
 * the engine knows which systems its jobs call (Okta as the source, ShareFile as the
 * target), so it says what they need from people, and the work module names neither.
 */
@Component
class ConnectorFailureAdvice implements FailureAdvice {

	@Override
	public Optional<String> fixFor(Throwable failure) {
		return failure instanceof ConnectorException ex ? Optional.of(fixFor(ex.kind())) : Optional.empty();
	}

	static String fixFor(ConnectorException.Kind kind) {
		return switch (kind) {
			case INVALID_CREDENTIAL ->
				"Test the connection in Connections and enter working credentials, " + "then retry.";
			case PERMISSION_DENIED -> "Give the account Ferry connects with the rights it needs (in the target: "
					+ "manage users; in the identity source: read users and groups), then retry.";
			case CONNECTION_FAILED -> "Check that the target is reachable: its address in Connections, your "
					+ "network and its status page. Then retry.";
			case RETRYABLE -> "The target stayed busy or failing for every attempt. Retry later; if it persists, "
					+ "check its status page.";
			case UNKNOWN_ID ->
				"The object no longer exists at the target. Run a reconcile so Ferry re-links it, " + "then retry.";
			case ALREADY_EXISTS ->
				"An account with this e-mail already exists in the target. Link or remove it " + "there, then retry.";
			case INVALID_REQUEST -> "The target refused the data (see its response). Check this person's "
					+ "attributes and the mapping, then retry.";
			case LIMIT_REACHED ->
				"Buy more licences in the target or free some (remove or downgrade unused " + "accounts), then retry.";
		};
	}

}
