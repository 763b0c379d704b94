package dev.ferry.provisioning.internal.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.audit.AuditEntry;
import dev.ferry.connector.Account;
import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.Identity;
import dev.ferry.connector.IdentitySource;
import dev.ferry.connector.SourceGroup;
import dev.ferry.connector.Throttled;
import dev.ferry.provisioning.Link;
import dev.ferry.provisioning.Operation;
import dev.ferry.provisioning.Operation.CreateAccount;
import dev.ferry.provisioning.Operation.LinkAccount;
import dev.ferry.provisioning.Operation.Person;
import dev.ferry.provisioning.OperationStatus;
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.provisioning.RunKind;
import dev.ferry.provisioning.RunStatus;
import dev.ferry.provisioning.internal.config.Compiled;
import dev.ferry.provisioning.internal.config.CompiledConfig;
import dev.ferry.provisioning.internal.config.ProvisioningProperties;
import dev.ferry.provisioning.internal.config.TenantConnectors;
import dev.ferry.provisioning.internal.groups.GroupPushHandler;
import dev.ferry.provisioning.internal.groups.GroupPushRequest;
import dev.ferry.provisioning.internal.groups.GroupPusher;
import dev.ferry.provisioning.internal.importing.ImportHandler;
import dev.ferry.system.TenantContext;
import dev.ferry.work.Job;
import dev.ferry.work.JobHandler;
import dev.ferry.work.WorkQueue;

/**
 * A full reconcile of one tenant: reads everyone assigned in Okta and every ShareFile
 * account once (pages, not per-person calls), plans every person against the account as
 * it really is (so drift made directly in ShareFile is found), holds a mass
 * disable/delete for approval, and applies the rest in parallel with progress on the run,
 * then queues a group push. A dry run stops after planning.
 */
@Component
class ReconcileHandler implements JobHandler {

	private static final Logger log = LoggerFactory.getLogger(ReconcileHandler.class);

	/** Results committed per transaction by the batch writer. */
	private static final int BATCH = 200;

	/** Tries of one operation against a briefly failing target within a run. */
	private static final int RETRIES = 6;

	/**
	 * The longest a run waits in place for one operation (a Retry-After, a throttle's
	 * pause). A longer wait hands the person over to a work item of their own that waits
	 * it out without holding this run.
	 */
	static final long IN_RUN_WAIT_MS = 5_000;

	/**
	 * The longest rate-limit wait (Ferry's throttle, or the target's 429) a run sits out:
	 * a minute's window, as ShareFile's and Okta's limits are counted.
	 */
	static final long RATE_LIMIT_WAIT_MS = 65_000;

	/**
	 * The most people a run hands over one by one when the target asks to wait; more, and
	 * the whole run waits ({@link #waitForTarget}). A hundred syncs take a worker's four
	 * job threads about fifteen seconds at ShareFile's usual pace, a reconcile's second
	 * listing about as long for a large tenant.
	 */
	static final int HAND_OVER_MAX = 100;

	private final Compiled compiled;

	private final TenantConnectors connectors;

	private final Links links;

	private final Runs runs;

	private final PlanExecutor executor;

	private final WorkQueue work;

	private final int parallelism;

	private final TransactionTemplate transactions;

	private final FailedOperations failed;

	private final GroupPusher groups;

	private final ImportHandler imports;

	private final ApplyBudget budget;

	ReconcileHandler(Compiled compiled, TenantConnectors connectors, Links links, Runs runs, PlanExecutor executor,
			WorkQueue work, TransactionTemplate transactions, FailedOperations failed,
			ProvisioningProperties properties, GroupPusher groups, ImportHandler imports, ApplyBudget budget) {
		this.budget = budget;
		this.groups = groups;
		this.imports = imports;
		this.failed = failed;
		this.transactions = transactions;
		this.compiled = compiled;
		this.connectors = connectors;
		this.links = links;
		this.runs = runs;
		this.executor = executor;
		this.work = work;
		this.parallelism = properties.applyParallelism();
	}

	@Override
	public String kind() {
		return ReconcileRequest.KIND;
	}

	/** A reconcile reads and applies everyone: minutes for a big organisation. */
	@Override
	public boolean bulk() {
		return true;
	}

	@Override
	public void handle(Job job) throws Exception {
		ReconcileRequest request = job.request(ReconcileRequest.class);
		boolean dryRun = request.dryRun();
		RunKind kind = dryRun ? RunKind.DRY_RUN : RunKind.RECONCILE;
		// the run an admin started (and may be watching) is carried on: an earlier
		// attempt
		// may have worked on it
		Runs.Tracker tracker = runs.run(kind, request.trigger(), job.key()).planning().resuming(request.runId());
		if (request.runId() == null) {
			// the target asked to wait before anything was done (its pause still on when
			// the listing started, e.g. a change merged into a reconcile waiting out an
			// outage): the job comes back then, and no failed run is left to read
			tracker = tracker.discardWhenThrottled();
		}
		tracker.track(scope -> {
			UUID run = scope.id();
			// an earlier attempt of this job killed mid-run left its run applying; end
			// it,
			// this run carries on
			runs.closeAbandoned(kind, job.key(), run);
			return reconcile(run, request);
		});
	}

	private RunScope.Ending reconcile(UUID run, ReconcileRequest request) throws Exception {
		boolean dryRun = request.dryRun();
		CompiledConfig config = compiled.current();
		if (!config.config().enabled() && !dryRun) {
			return RunScope.Ending.done("Provisioning is off: nothing was changed.");
		}
		// a dry run while provisioning is off shows what turning it on would do
		CompiledConfig planning = dryRun && !config.config().enabled() ? config.enabled() : config;
		Plan plan = plan(planning, connectors.source(), connectors.target(), dryRun);
		int linked = (int) links.countActive();
		int threshold = config.config().safety().threshold(linked);
		long destructive = plan.operations().stream().filter(Operation::destructive).count();
		boolean hold = destructive > threshold && !request.skipThreshold();
		runs.planned(run, plan.people(), plan.operations().size(), hold ? (int) destructive : 0);
		if (dryRun) {
			plan.operations().forEach(operation -> runs.record(run, operation, OperationStatus.PLANNED, null));
			// the features that follow a reconcile plan too, so the dry run shows them:
			// the group push it queues (against the accounts linked now) and Import New
			// Users
			int operations = plan.operations().size();
			ProvisioningConfig planned = planning.config();
			if (GroupPushHandler.pushing(planned)) {
				operations += groups.dryRun(run, planned, connectors.source(), connectors.target());
			}
			if (planned.features().importNewUsers()) {
				operations += imports.dryRun(run, planned, connectors.source(), connectors.target());
			}
			runs.planned(run, plan.people(), operations, hold ? (int) destructive : 0);
			return RunScope.Ending.done("Dry run: " + operations + " operation(s) would be applied.");
		}
		runs.status(run, RunStatus.APPLYING, null);
		List<Person> toApply = new ArrayList<>();
		for (Person operation : plan.operations()) {
			if (hold && operation.destructive()) {
				runs.record(run, operation, OperationStatus.HELD, null);
			}
			else {
				toApply.add(operation);
			}
		}
		Map<String, ConnectorException> failedPeople = applyInParallel(run, toApply, config.config());
		if (!hold) {
			Optional<Throttled> outage = waitForTarget(failedPeople);
			if (outage.isPresent()) {
				throw outage.get();
			}
		}
		failed.handOver(run, failedPeople);
		if (GroupPushHandler.pushing(config.config())) {
			// after the accounts, so new members are in; a job of its own, so it never
			// runs
			// beside another push of this tenant (and retires groups no longer chosen
			// even
			// when none are)
			work.enqueue(GroupPushRequest.KEY, GroupPushRequest.of("reconcile"));
		}
		if (hold) {
			return RunScope.Ending.held(destructive + " account(s) would be disabled or deleted, "
					+ "more than the safety threshold of " + threshold + ": approve or reject them.");
		}
		return RunScope.Ending.done(failedPeople.isEmpty() ? null : FailedOperations.message(failedPeople.size()));
	}

	/**
	 * When the target asked to wait at least as long as a run sits out (an outage's
	 * {@code Retry-After}, or the wait a 503 without one is given, which is just that
	 * long: docs/reference/sharefile.md says only "often" of ShareFile's) and more than
	 * {@value #HAND_OVER_MAX} people were left waiting, the whole reconcile waits instead
	 * of handing each one over: it is deferred (attempts untouched) until the target said
	 * it would be back, and then plans again from one listing and applies at the run's
	 * parallelism. A sync per person would read Okta, look the person up in ShareFile and
	 * queue a job each — the failure drills measured about 6 people a second catching up
	 * that way after an outage, against about 50 in a run (docs/work.md, "Failures inside
	 * a run").
	 * @return the deferral, or empty: hand the failed people over
	 */
	static Optional<Throttled> waitForTarget(Map<String, ConnectorException> failedPeople) {
		List<ConnectorException> waiting = failedPeople.values()
			.stream()
			.filter(ex -> ex.retryable() && ex.retryAfter() != null && ex.retryAfter().toMillis() >= IN_RUN_WAIT_MS)
			.toList();
		if (waiting.size() <= HAND_OVER_MAX) {
			return Optional.empty();
		}
		// the pause's time left as the latest failure saw it: the shortest, as
		// earlier failures saw more of it. Too early only costs another deferral:
		// the listing meets the throttle's pause
		Duration wait = waiting.stream().map(ConnectorException::retryAfter).min(Duration::compareTo).orElseThrow();
		return Optional.of(Throttled.waiting(waiting.size() + " people wait for the target: "
				+ waiting.get(0).getMessage() + ". The reconcile stops here and runs again in " + wait.toSeconds()
				+ " s, when the target said it would be back.", wait));
	}

	/**
	 * Everyone's operations, from one read of Okta and one of ShareFile. ShareFile is
	 * listed on a second thread while Okta is read, and people are planned page by page
	 * as they arrive rather than held all at once, so 100,000 people fit a small heap.
	 */
	Plan plan(CompiledConfig config, IdentitySource source, AccountTarget target, boolean dryRun) throws Exception {
		UUID tenant = TenantContext.require();
		ExecutorService lister = Executors.newSingleThreadExecutor();
		try {
			Future<AccountIndex> listing = lister
				.submit(() -> TenantContext.call(tenant, () -> AccountIndex.of(target)));
			boolean needsGroups = config.needsGroups();
			Map<String, List<String>> groupsOf = needsGroups ? groupMembership(source, config.groupsNeeded())
					: Map.of();
			Map<String, Link> linkByIdentity = links.all();
			Set<String> linkedAccounts = new HashSet<>();
			linkByIdentity.values().forEach(link -> linkedAccounts.add(link.accountId()));
			AccountIndex accounts = listed(listing);
			Set<String> assigned = new HashSet<>();
			List<Person> operations = new ArrayList<>();
			source.searchAssigned(found -> {
				assigned.add(found.id());
				Identity identity = !needsGroups ? found : new Identity(found.id(), found.login(), found.status(),
						found.profile(), groupsOf.getOrDefault(found.id(), List.of()), found.assigned());
				Link link = linkByIdentity.get(identity.id());
				Account account = link == null ? null : accounts.byId().get(link.accountId());
				for (Person operation : PersonPlanner.plan(config, identity, link, account,
						email -> Optional.ofNullable(accounts.byEmail().get(email.toLowerCase(Locale.ROOT)))
							.filter(candidate -> !linkedAccounts.contains(candidate.id())))) {
					operations.add(fromListing(operation, accounts));
				}
				return true;
			});
			for (Link link : linkByIdentity.values()) {
				if (assigned.contains(link.identityId())) {
					continue;
				}
				// linked but no longer assigned: look the person up only if assignment is
				// not what decides
				Identity identity = config.config().scope().requireAssignment() ? null
						: source.get(link.identityId()).orElse(null);
				operations.addAll(PersonPlanner.plan(config, identity, link, accounts.byId().get(link.accountId()),
						email -> Optional.empty()));
			}
			return new Plan(assigned.size(), operations);
		}
		finally {
			lister.shutdownNow();
		}
	}

	/**
	 * The listing thread's result; its failure is thrown as it happened (a throttled or
	 * unreachable ShareFile stays a retryable ConnectorException for the work queue, not
	 * an unexpected error).
	 */
	private static AccountIndex listed(Future<AccountIndex> listing) throws InterruptedException {
		try {
			return listing.get();
		}
		catch (java.util.concurrent.ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw new IllegalStateException("Listing the target failed", ex.getCause());
		}
	}

	/** Every ShareFile account by id and by lower-cased e-mail. */
	record AccountIndex(Map<String, Account> byId, Map<String, Account> byEmail) {

		static AccountIndex of(AccountTarget target) {
			Map<String, Account> byId = new HashMap<>();
			Map<String, Account> byEmail = new HashMap<>();
			target.search(account -> {
				byId.put(account.id(), account);
				if (account.email() != null) {
					byEmail.put(account.email().toLowerCase(Locale.ROOT), account);
				}
				return true;
			});
			return new AccountIndex(byId, byEmail);
		}

	}

	/**
	 * The listing has just read every account: a create needs no e-mail lookup first
	 * (there is none), and a link needs no read of the account (it is the one listed).
	 */
	private static Person fromListing(Person operation, AccountIndex accounts) {
		return switch (operation) {
			case CreateAccount create -> create.withKnownAbsent();
			case LinkAccount link -> {
				Account listed = accounts.byId().get(link.accountId());
				yield listed == null ? link : link.withListed(listed);
			}
			default -> operation;
		};
	}

	/**
	 * Each person's group names; only the groups the configuration looks at, when it
	 * names them.
	 */
	private Map<String, List<String>> groupMembership(IdentitySource source, Optional<Set<String>> only) {
		Map<String, List<String>> groupsOf = new HashMap<>();
		for (SourceGroup group : source.groups()) {
			if (only.isPresent() && !only.get().contains(group.name())) {
				continue;
			}
			for (String member : source.groupMembers(group.id())) {
				groupsOf.computeIfAbsent(member, key -> new ArrayList<>()).add(group.name());
			}
		}
		return groupsOf;
	}

	/**
	 * Different people run side by side. A person with a single operation (the bulk of an
	 * initial load) has the target called on a worker thread while this thread commits
	 * the results in batches of up to {@value #BATCH} (links, run records and audit
	 * events in one transaction); a person with several operations has them applied in
	 * order, each in its own transaction, on one thread.
	 * @return why an operation failed, for each person (identity id) it failed for
	 */
	private Map<String, ConnectorException> applyInParallel(UUID run, List<Person> operations,
			ProvisioningConfig config) throws Exception {
		Map<String, ConnectorException> failedPeople = new java.util.concurrent.ConcurrentHashMap<>();
		Map<String, List<Person>> byPerson = new LinkedHashMap<>();
		for (Person operation : operations) {
			byPerson.computeIfAbsent(String.valueOf(operation.identityId()), key -> new ArrayList<>()).add(operation);
		}
		UUID tenant = TenantContext.require();
		AccountTarget target = connectors.target();
		IdentitySource source = connectors.source();
		AuditEntry.Actor actor = AuditEntry.Actor.system();
		ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism));
		RunCounter counter = RunCounter.batched(runs, run);
		BlockingQueue<PlanExecutor.Result> results = new LinkedBlockingQueue<>();
		// set once the target answers like an outage (not a rate limit): from then on a
		// pause is not sat out in the run, and people are handed over
		java.util.concurrent.atomic.AtomicBoolean outage = new java.util.concurrent.atomic.AtomicBoolean();
		int singles = 0;
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (List<Person> person : byPerson.values()) {
				if (person.size() == 1) {
					singles++;
					Person operation = person.get(0);
					futures.add(pool.submit(() -> TenantContext.run(tenant, () -> {
						try {
							results.add(new PlanExecutor.Result(operation,
									callWithRetries(operation, config, target, source, outage), null));
						}
						catch (ConnectorException ex) {
							results.add(new PlanExecutor.Result(operation, null, ex));
						}
						catch (RuntimeException ex) {
							results.add(new PlanExecutor.Result(operation, null, ConnectorException
								.of(ConnectorException.Kind.INVALID_REQUEST, String.valueOf(ex.getMessage()))));
						}
					})));
					continue;
				}
				futures.add(pool.submit(() -> TenantContext.run(tenant, () -> {
					for (Person operation : person) {
						try {
							budget.call(() -> {
								executor.apply(run, operation, config, target, source, actor, counter);
								return null;
							});
						}
						catch (ConnectorException ex) {
							// recorded on the run (unless nothing was tried); the
							// person's own work item
							// carries on from here
							log.debug("Operation failed in run {}: {}", run, ex.getMessage());
							failedPeople.put(String.valueOf(operation.identityId()), ex);
							return;
						}
					}
				})));
			}
			writeInBatches(run, singles, results, actor, counter, failedPeople);
			for (Future<?> future : futures) {
				future.get();
			}
			return failedPeople;
		}
		finally {
			// after a failure, calls still queued must not run with nobody left to record
			// their results
			pool.shutdownNow();
			counter.flush();
		}
	}

	/**
	 * A briefly throttled or failing target is waited out here (the shared throttle has
	 * already been told how long), so one 429 in a load of thousands does not need a work
	 * item of its own. A wait longer than {@value #IN_RUN_WAIT_MS} ms (an outage's
	 * Retry-After; {@value #RATE_LIMIT_WAIT_MS} ms for a rate limit) or a failure after
	 * {@value #RETRIES} tries is thrown: the person is then handed over
	 * ({@link FailedOperations}) and the run goes on without them. Waiting for a
	 * throttle's permit is not a try.
	 */
	private PlanExecutor.Effect callWithRetries(Person operation, ProvisioningConfig config, AccountTarget target,
			IdentitySource source, java.util.concurrent.atomic.AtomicBoolean outage) {
		for (int attempt = 1;;) {
			try {
				return budget.call(() -> executor.call(operation, config, target, source));
			}
			catch (ConnectorException ex) {
				long wait = ex.retryAfter() != null ? ex.retryAfter().toMillis() : 250L << attempt;
				boolean throttled = ex instanceof Throttled;
				// a rate limit is the target's pace, waited out in the run at that pace
				// (handing a load over would add a lookup per person); an outage's longer
				// Retry-After hands the person over
				if (!FailedOperations.untouched(ex) && ex.retryAfter() != null) {
					outage.set(true);
				}
				long cap = FailedOperations.untouched(ex) && !outage.get() ? RATE_LIMIT_WAIT_MS : IN_RUN_WAIT_MS;
				if (!ex.retryable() || wait > cap || (!throttled && attempt >= RETRIES)) {
					throw ex;
				}
				if (!throttled) {
					attempt++;
				}
				try {
					Thread.sleep(wait + java.util.concurrent.ThreadLocalRandom.current().nextLong(100));
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

	private void writeInBatches(UUID run, int expected, BlockingQueue<PlanExecutor.Result> results,
			AuditEntry.Actor actor, RunCounter counter, Map<String, ConnectorException> failedPeople)
			throws InterruptedException {
		int written = 0;
		List<PlanExecutor.Result> batch = new ArrayList<>(BATCH);
		while (written < expected) {
			PlanExecutor.Result first = results.poll(5, TimeUnit.MINUTES);
			if (first == null) {
				throw new IllegalStateException(
						"Appliers stopped answering; " + (expected - written) + " results missing");
			}
			batch.add(first);
			results.drainTo(batch, BATCH - 1);
			persist(run, batch, actor);
			batch.stream()
				.filter(outcome -> outcome.failure() != null)
				.forEach(outcome -> failedPeople.put(String.valueOf(outcome.operation().identityId()),
						outcome.failure()));
			int failed = (int) batch.stream().filter(outcome -> outcome.failure() != null).count();
			counter.add(batch.size() - failed, failed);
			written += batch.size();
			batch.clear();
		}
	}

	/**
	 * One transaction for the batch; if a row is refused (e.g. two Okta people with one
	 * e-mail both planned to link the same account), the batch is written person by
	 * person so the others are kept and only the refused one is recorded as failed.
	 */
	private void persist(UUID run, List<PlanExecutor.Result> batch, AuditEntry.Actor actor) {
		try {
			transactions.executeWithoutResult(status -> executor.persistAll(run, batch, actor));
		}
		catch (org.springframework.dao.DataAccessException ex) {
			for (PlanExecutor.Result result : batch) {
				try {
					transactions.executeWithoutResult(status -> executor.persistAll(run, List.of(result), actor));
				}
				catch (org.springframework.dao.DataAccessException refused) {
					log.warn("Result for {} in run {} could not be saved: {}", result.operation().label(), run,
							refused.getMostSpecificCause().getMessage());
					transactions.executeWithoutResult(
							status -> executor.persistAll(
									run, List
										.of(new PlanExecutor.Result(result.operation(), null,
												ConnectorException.of(ConnectorException.Kind.INVALID_REQUEST,
														"Done in the target, but Ferry could not record it: "
																+ refused.getMostSpecificCause().getMessage()))),
									actor));
				}
			}
		}
	}

	record Plan(int people, List<Person> operations) {
	}

}
