package dev.ferry.provisioning.internal.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.connection.SourceSwitch;
import dev.ferry.provisioning.internal.engine.Links;
import dev.ferry.provisioning.internal.engine.ReconcileRequest;
import dev.ferry.system.Problem;
import dev.ferry.system.TenantContext;
import dev.ferry.work.WorkQueue;

/**
 * Linked accounts when the identity source switches kind (docs/scim.md, "Switching the
 * identity source"). The people of the new source have other ids, so a link to an old
 * person would look orphaned to the next reconcile, which would take the account away.
 * Instead the switch detaches every link — the accounts stay exactly as they are in the
 * target — and each is matched again by e-mail address, as any existing account is, when
 * the new source brings its person: at once by a reconcile for a source Ferry can list,
 * or as the identity provider pushes each person. Nothing is disabled, deleted or created
 * by the switch itself; an account whose person never comes stays as it is, unmanaged.
 */
@Component
class LinkedAccountsFollowTheSwitch implements SourceSwitch {

	/** How many accounts the dry run names. */
	static final int SAMPLE = 10;

	private final Links links;

	private final WorkQueue work;

	private final ApplicationEventPublisher events;

	LinkedAccountsFollowTheSwitch(Links links, WorkQueue work, ApplicationEventPublisher events) {
		this.links = links;
		this.work = work;
		this.events = events;
	}

	@Override
	public Optional<Problem> effect(String from, String to) {
		long linked = links.count();
		if (linked == 0) {
			return Optional.empty();
		}
		List<String> sample = links.page(SAMPLE, 0).stream().map(link -> link.accountEmail()).toList();
		return Optional.of(Problem.of("connections.source.switch.effect", linked, String.join(", ", sample)));
	}

	@Override
	public void switched(String from, String to, AuditEntry.Actor actor) {
		long detached = links.deleteAll();
		if (detached == 0) {
			return;
		}
		events.publishEvent(new Happened(TenantContext.require(), actor, "provisioning.links_detached", "source", to,
				AuditEntry.Outcome.SUCCESS, Map.of("from", from, "to", to, "detached", detached)));
		// the new source's people are matched to the detached accounts by e-mail now,
		// rather than at the next scheduled reconcile
		work.enqueue(ReconcileRequest.ALL, ReconcileRequest.of("source.switched"));
	}

}
