package dev.ferry.msp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.provisioning.Provisioning;
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.Seats;
import dev.ferry.system.Refusal;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Membership;

/**
 * Runs one action in each selected customer as the member, with their role there as
 * {@link Seats} reads it for this request: the provisioning module's own services do the
 * work and audit it in the customer's log, exactly as the customer's own buttons would. A
 * customer where the role lacks the permission, or where the action makes no sense now
 * (paused already, not connected), is skipped with the reason; a customer the member has
 * no seat in is skipped without running anything there. The MSP's own log records the
 * action with what was done and skipped.
 */
@Service
class BulkActions {

	/** More than a console page of customers in one request is refused. */
	static final int MAX_SELECTED = 500;

	private static final Logger log = LoggerFactory.getLogger(BulkActions.class);

	private final Seats seats;

	private final MspCustomers customers;

	private final Provisioning provisioning;

	private final ApplicationEventPublisher events;

	BulkActions(Seats seats, MspCustomers customers, Provisioning provisioning, ApplicationEventPublisher events) {
		this.seats = seats;
		this.customers = customers;
		this.provisioning = provisioning;
		this.events = events;
	}

	BulkResult run(BulkAction action, List<String> slugs, UUID msp, FerryUser user) {
		Map<String, CustomerRow> mine = customers.of(msp, user)
			.stream()
			.collect(Collectors.toMap(CustomerRow::slug, Function.identity()));
		AuditEntry.Actor actor = AuditEntry.Actor.member(user.getSubject(), user.displayName());
		List<BulkResult.Outcome> outcomes = new ArrayList<>();
		for (String slug : new LinkedHashSet<>(slugs)) {
			CustomerRow row = mine.get(slug);
			Optional<Membership> seat = seats.in(user, slug);
			if (row == null || seat.isEmpty()) {
				// not one of this MSP's customers for this person: nothing is run, and
				// nothing about it is said beyond what they typed
				outcomes.add(new BulkResult.Outcome(slug, slug, false, "msp.bulk.reason.noSeat"));
				continue;
			}
			outcomes.add(perform(action, row, seat.get(), actor));
		}
		Map<String, String> skipped = new LinkedHashMap<>();
		outcomes.stream().filter(o -> !o.done()).forEach(o -> skipped.put(o.slug(), o.reason()));
		events.publishEvent(new Happened(msp, actor, "msp.bulk_action", "customers", action.name(),
				AuditEntry.Outcome.SUCCESS,
				Map.of("done",
						outcomes.stream().filter(BulkResult.Outcome::done).map(BulkResult.Outcome::slug).toList(),
						"skipped", skipped))
			.evenIfRolledBack());
		return new BulkResult(action, outcomes);
	}

	private BulkResult.Outcome perform(BulkAction action, CustomerRow row, Membership seat, AuditEntry.Actor actor) {
		String reason;
		if (!seat.role().permits(action.needs())) {
			reason = "msp.bulk.reason.role";
			events.publishEvent(new Happened(row.tenantId(), actor, "msp.bulk_skipped", "customers", action.name(),
					AuditEntry.Outcome.DENIED, Map.of("role", seat.role().name(), "needs", action.needs().name()))
				.evenIfRolledBack());
		}
		else {
			reason = notNow(action, row);
			if (reason == null) {
				try {
					reason = TenantContext.call(row.tenantId(), () -> start(action, actor));
				}
				catch (Refusal refused) {
					reason = "msp.bulk.reason.refused";
				}
				catch (RuntimeException ex) {
					log.warn("Bulk {} in {} failed", action, row.slug(), ex);
					reason = "msp.bulk.reason.failed";
				}
			}
		}
		return new BulkResult.Outcome(row.slug(), row.displayName(), reason.endsWith(".done"), reason);
	}

	/** Why the action makes no sense in this customer now, or null. */
	private static String notNow(BulkAction action, CustomerRow row) {
		boolean connected = row.targetKind() != null && row.sourceKind() != null;
		return switch (action) {
			case DRY_RUN -> connected ? null : "msp.bulk.reason.notConnected";
			case RECONCILE ->
				!connected ? "msp.bulk.reason.notConnected" : !row.provisioningOn() ? "msp.bulk.reason.paused" : null;
			case PAUSE -> row.provisioningOn() ? null : "msp.bulk.reason.alreadyPaused";
			case RESUME ->
				row.provisioningOn() ? "msp.bulk.reason.alreadyOn" : !connected ? "msp.bulk.reason.notConnected" : null;
		};
	}

	/** In the customer (the thread's tenant): the message key of what was done. */
	private String start(BulkAction action, AuditEntry.Actor actor) {
		switch (action) {
			case DRY_RUN -> provisioning.startRun(true, actor);
			case RECONCILE -> provisioning.startRun(false, actor);
			case PAUSE, RESUME -> {
				ProvisioningConfig config = provisioning.config();
				if (!provisioning.saveConfig(config.withEnabled(action == BulkAction.RESUME), actor).isEmpty()) {
					return "msp.bulk.reason.settings";
				}
			}
		}
		return "msp.bulk.reason." + action.key() + ".done";
	}

}
