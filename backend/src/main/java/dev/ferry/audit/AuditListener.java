package dev.ferry.audit;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records what other modules publish as {@link Happened}. A plain, synchronous
 * {@link EventListener} on purpose: it runs in the publisher's thread and transaction, so
 * an event recorded with the change commits or rolls back with it, and a failure to
 * record it fails the change, as a direct call would.
 */
@Component
class AuditListener {

	private final AuditLog audit;

	AuditListener(AuditLog audit) {
		this.audit = audit;
	}

	@EventListener
	void on(Happened happened) {
		switch (happened.recording()) {
			case WITH_THE_CHANGE -> audit.record(happened.entry());
			case EVEN_IF_ROLLED_BACK -> audit.recordNow(happened.entry());
		}
	}

}
