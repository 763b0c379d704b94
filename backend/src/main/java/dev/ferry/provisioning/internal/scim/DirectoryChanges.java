package dev.ferry.provisioning.internal.scim;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.connection.ScimTokens;
import dev.ferry.connector.HookFormat;
import dev.ferry.provisioning.internal.feed.HookIngest;
import dev.ferry.scim.ScimSourceConnector;
import dev.ferry.system.TenantContext;

/**
 * What follows every write to the SCIM directory, users and groups alike: the work it can
 * cause is queued (each person's sync, the group push) and the write is audited with the
 * identity provider as actor, both in the caller's transaction.
 */
@Component
class DirectoryChanges {

	private final HookIngest ingest;

	private final ApplicationEventPublisher events;

	DirectoryChanges(HookIngest ingest, ApplicationEventPublisher events) {
		this.ingest = ingest;
		this.events = events;
	}

	/**
	 * @param people the people whose scope, user type or groups the write can change
	 * @param group the group written, or null for a user
	 */
	void changed(String action, String targetType, String targetId, List<String> people, HookFormat.Group group,
			Map<String, Object> details) {
		ingest.enqueue(List.of(new HookFormat.Event(UUID.randomUUID().toString(), action, people, false, group != null,
				group == null ? List.of() : List.of(group))));
		events.publishEvent(new Happened(TenantContext.require(), actor(), action, targetType, targetId,
				AuditEntry.Outcome.SUCCESS, details));
	}

	/**
	 * The identity provider, as the audit trail names it: {@code SCIM}, by the name of
	 * the token or OAuth client it came with ("SCIM client: Okta").
	 */
	AuditEntry.Actor actor() {
		// the directory is written only while SCIM push is the source: its kind is known
		// without reading the connection again on every write
		return new AuditEntry.Actor(ScimSourceConnector.KIND.toUpperCase(Locale.ROOT), null,
				ScimTokens.presented().map(name -> "SCIM client: " + name).orElse("SCIM client"));
	}

}
