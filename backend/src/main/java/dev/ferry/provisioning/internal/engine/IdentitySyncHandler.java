package dev.ferry.provisioning.internal.engine;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.ferry.audit.AuditEntry;
import dev.ferry.connector.Account;
import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.Identity;
import dev.ferry.connector.IdentitySource;
import dev.ferry.provisioning.Link;
import dev.ferry.provisioning.Operation.CreateAccount;
import dev.ferry.provisioning.Operation.DeleteAccount;
import dev.ferry.provisioning.Operation.DisableAccount;
import dev.ferry.provisioning.Operation.EnableAccount;
import dev.ferry.provisioning.Operation.LinkAccount;
import dev.ferry.provisioning.Operation.Person;
import dev.ferry.provisioning.Operation.PromoteAccount;
import dev.ferry.provisioning.Operation.UpdateAccount;
import dev.ferry.provisioning.Operation.UpdateIdentity;
import dev.ferry.provisioning.OperationStatus;
import dev.ferry.provisioning.RunKind;
import dev.ferry.provisioning.internal.config.Compiled;
import dev.ferry.provisioning.internal.config.CompiledConfig;
import dev.ferry.provisioning.internal.config.TenantConnectors;
import dev.ferry.provisioning.internal.groups.GroupPushHandler;
import dev.ferry.provisioning.internal.groups.GroupPushRequest;
import dev.ferry.system.AdvisoryLocks;
import dev.ferry.system.TenantContext;
import dev.ferry.work.Job;
import dev.ferry.work.JobHandler;
import dev.ferry.work.WorkQueue;
import dev.ferry.work.WorkStats;

/**
 * Brings one person's ShareFile account in line with Okta. Events are only triggers: the
 * person is read fresh from Okta here, so duplicated or reordered hook deliveries cannot
 * apply stale data, and the work queue merges ten events for one person into one job.
 */
@Component
class IdentitySyncHandler implements JobHandler {

	private final Compiled compiled;

	private final TenantConnectors connectors;

	private final Links links;

	private final Runs runs;

	private final PlanExecutor executor;

	private final WorkQueue work;

	private final WorkStats workStats;

	private final AdvisoryLocks locks;

	IdentitySyncHandler(Compiled compiled, TenantConnectors connectors, Links links, Runs runs, PlanExecutor executor,
			WorkQueue work, WorkStats workStats, AdvisoryLocks locks) {
		this.locks = locks;
		this.work = work;
		this.workStats = workStats;
		this.compiled = compiled;
		this.connectors = connectors;
		this.links = links;
		this.runs = runs;
		this.executor = executor;
	}

	/**
	 * Runs {@code work} holding the tenant's deprovisioning-guard lock on a connection of
	 * its own, so {@code work} commits its operation record in its own transaction (as
	 * everywhere else) before the lock is released and the next sync counts it.
	 */
	private Boolean underGuardLock(java.util.function.Supplier<Boolean> work) {
		return locks.callHolding(AdvisoryLocks.Space.DEPROVISIONING_GUARD, TenantContext.require().toString(), work);
	}

	/**
	 * Would taking this person's account away exceed the safety threshold, counting the
	 * other people whose accounts were taken away in the last ten minutes? The threshold
	 * counts people, not operations: one person deactivated, reactivated and deactivated
	 * again (as Okta's CRUD suite does) is not a mass deprovisioning.
	 */
	private boolean overGuard(CompiledConfig config, String identityId) {
		int threshold = config.config().safety().threshold((int) links.countActive());
		return runs.recentlyDeprovisionedOthers(java.time.Duration.ofMinutes(10), identityId) + 1 > threshold;
	}

	/**
	 * Operations after which the person's ShareFile group memberships may have to change.
	 */
	private static boolean changesMembership(Person operation) {
		return switch (operation) {
			case CreateAccount create -> true;
			case LinkAccount link -> true;
			case EnableAccount enable -> true;
			case DisableAccount disable -> true;
			case DeleteAccount delete -> true;
			case UpdateAccount update -> false;
			case PromoteAccount promote -> false;
			case UpdateIdentity update -> false;
		};
	}

	/**
	 * More people than this waiting for a sync: checking each one's assignment costs a
	 * call from Okta's apps quota (100 a minute), while one reconcile reads 500 people
	 * per call. A group of 1,000 assigned to the app at once is then provisioned in
	 * seconds, not ten minutes.
	 */
	static final int BURST = 50;

	/**
	 * Whether this sync belongs to a burst (a group assigned to the app, a bulk change),
	 * which one full reconcile handles instead: it is queued (one per tenant; a running
	 * one is followed by a new one, so it reads Okta after this event) and this sync ends
	 * without a call.
	 */
	private boolean burst() {
		long waiting = workStats.waiting(IdentitySyncRequest.KIND);
		if (waiting < BURST) {
			return false;
		}
		work.enqueue(ReconcileRequest.ALL, ReconcileRequest.of("burst: " + (waiting + 1) + " people changed"));
		return true;
	}

	@Override
	public String kind() {
		return IdentitySyncRequest.KIND;
	}

	@Override
	public void handle(Job job) throws Exception {
		// before anything that may return early: the attempt that left a run behind may
		// have applied everything
		runs.closeAbandoned(RunKind.PERSON, job.key(), null);
		IdentitySyncRequest request = job.request(IdentitySyncRequest.class);
		CompiledConfig config = compiled.current();
		if (!config.config().enabled()) {
			return;
		}
		IdentitySource source = connectors.source();
		AccountTarget target = connectors.target();
		Link link = links.byIdentity(job.key()).orElse(null);
		// a profile edit of someone linked cannot change their assignment: skip the
		// app-user call, whose
		// quota (100 a minute in Okta) would otherwise cap how many changes a minute an
		// org can make
		boolean assignmentUnchanged = !request.checkAssignment() && link != null && !link.disabled();
		// a retry of a run's failure is this person's own work item: never folded into a
		// reconcile again
		boolean retry = request.retryOfRun() != null;
		if (!assignmentUnchanged && !retry && burst()) {
			return;
		}
		Identity identity = (assignmentUnchanged ? source.getAssumingAssigned(job.key()) : source.get(job.key()))
			.orElse(null);
		// a run's create that the busy target never did needs no lookup first: the run
		// listed the target and found no account
		boolean untouched = retry && request.untouchedInTarget() && link == null;
		// a change from Okta compares with what Ferry last wrote (sparing ShareFile's
		// quota); someone's "Provision now" compares with ShareFile as it is, so an
		// edit made there behind Ferry's back is put right, as the People page showed
		Account account = link != null && IdentitySyncRequest.MANUAL.equals(request.trigger())
				? target.get(link.accountId()).orElse(null) : null;
		List<Person> plan = PersonPlanner.plan(config, identity, link, account,
				untouched ? email -> Optional.empty() : target::findByEmail);
		if (plan.isEmpty()) {
			return;
		}
		String trigger = request.trigger();
		AuditEntry.Actor actor = connectors.sourceActor(request.eventId() != null ? request.eventId() : job.key(),
				trigger);
		// a throttled target means nothing was tried: the job comes back when the target
		// is ready, and this run never happened. Any other failure is retried by the work
		// queue with backoff, or dead-lettered with its cause when retrying cannot help
		// (the target refused the data, no licences left); this run records this attempt.
		// the latency the dashboard shows runs from when the change reached Ferry: this
		// job's queueing, or for a retry of a run's failure, that run's change
		java.time.Instant changedAt = retry ? runs.changedAt(request.retryOfRun()).orElse(job.queuedAt())
				: job.queuedAt();
		runs.run(RunKind.PERSON, trigger, job.key()).discardWhenThrottled().changedAt(changedAt).track(scope -> {
			UUID run = scope.id();
			scope.planned(1, plan.size(), 0);
			for (Person operation : plan) {
				if (operation.destructive() && !"approved".equals(trigger)) {
					// the guard's count and the disable that adds to it under one lock
					// per
					// tenant: syncs of different people run side by side, and each must
					// see
					// the disables the others made
					boolean held = underGuardLock(() -> {
						if (overGuard(config, operation.identityId())) {
							return true;
						}
						executor.apply(run, operation, config.config(), target, source, actor);
						return false;
					});
					if (held) {
						scope.record(operation, OperationStatus.HELD, "Held: more accounts were disabled or deleted "
								+ "in the last ten minutes than the safety threshold allows.");
						scope.planned(1, plan.size(), 1);
						return RunScope.Ending.held("A mass deprovisioning is under way: approve or reject.");
					}
				}
				else {
					executor.apply(run, operation, config.config(), target, source, actor);
				}
			}
			if (GroupPushHandler.pushing(config.config())
					&& plan.stream().anyMatch(IdentitySyncHandler::changesMembership)) {
				// the person's groups may have been pushed before they had an account (or
				// while it was enabled): one push, merged with any other waiting, puts
				// them
				// in or takes them out
				work.enqueue(GroupPushRequest.KEY, GroupPushRequest.of("account of " + job.key()));
			}
			return RunScope.Ending.done();
		});
	}

}
