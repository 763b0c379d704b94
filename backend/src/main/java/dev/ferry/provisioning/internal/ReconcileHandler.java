package dev.ferry.provisioning.internal;

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

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.audit.AuditEntry;
import dev.ferry.connector.Account;
import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.Identity;
import dev.ferry.connector.IdentitySource;
import dev.ferry.connector.SourceGroup;
import dev.ferry.provisioning.Link;
import dev.ferry.provisioning.Operation;
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.system.TenantContext;
import dev.ferry.work.Job;
import dev.ferry.work.JobHandler;
import dev.ferry.work.WorkQueue;

/**
 * A full reconcile of one tenant: reads everyone assigned in Okta and every ShareFile account once
 * (pages, not per-person calls), plans every person against the account as it really is (so drift made
 * directly in ShareFile is found), holds a mass disable/delete for approval, and applies the rest in
 * parallel with progress on the run, then queues a group push. A dry run stops after planning.
 */
@Component
class ReconcileHandler implements JobHandler {

	static final String KIND = "tenant.reconcile";

	private static final Logger log = LoggerFactory.getLogger(ReconcileHandler.class);

	/** Results committed per transaction by the batch writer. */
	private static final int BATCH = 200;

	/** Tries of one operation against a throttled or briefly failing target within a run. */
	private static final int RETRIES = 6;

	private final Compiled compiled;

	private final TenantConnectors connectors;

	private final Links links;

	private final Runs runs;

	private final PlanExecutor executor;

	private final WorkQueue work;

	private final int parallelism;

	private final TransactionTemplate transactions;

	ReconcileHandler(Compiled compiled, TenantConnectors connectors, Links links, Runs runs, PlanExecutor executor,
			WorkQueue work, TransactionTemplate transactions,
			@Value("${ferry.provisioning.apply-parallelism:8}") int parallelism) {
		this.transactions = transactions;
		this.compiled = compiled;
		this.connectors = connectors;
		this.links = links;
		this.runs = runs;
		this.executor = executor;
		this.work = work;
		this.parallelism = parallelism;
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public void handle(Job job) throws Exception {
		boolean dryRun = Boolean.parseBoolean(job.payload().getOrDefault("dryRun", "false"));
		String trigger = job.payload().getOrDefault("trigger", "scheduled");
		UUID run = job.payload().containsKey("runId") ? UUID.fromString(job.payload().get("runId"))
				: runs.start(dryRun ? "DRY_RUN" : "RECONCILE", trigger, "PLANNING");
		CompiledConfig config = compiled.current();
		try {
			if (!config.config().enabled() && !dryRun) {
				runs.status(run, "DONE", "Provisioning is off: nothing was changed.");
				return;
			}
			// a dry run while provisioning is off shows what turning it on would do
			CompiledConfig planning = dryRun && !config.config().enabled()
					? new CompiledConfig(config.config().withEnabled(true)) : config;
			Plan plan = plan(planning, connectors.source(), connectors.target(), dryRun);
			int linked = (int) links.countActive();
			int threshold = config.config().safety().threshold(linked);
			long destructive = plan.operations().stream().filter(Operation::destructive).count();
			boolean hold = destructive > threshold && !"true".equals(job.payload().get("skipThreshold"));
			runs.planned(run, plan.people(), plan.operations().size(), hold ? (int) destructive : 0);
			if (dryRun) {
				plan.operations().forEach(operation -> runs.record(run, operation, "PLANNED", null));
				runs.status(run, "DONE", "Dry run: " + plan.operations().size() + " operation(s) would be applied.");
				return;
			}
			runs.status(run, "APPLYING", null);
			List<Operation> toApply = new ArrayList<>();
			for (Operation operation : plan.operations()) {
				if (hold && operation.destructive()) {
					runs.record(run, operation, "HELD", null);
				}
				else {
					toApply.add(operation);
				}
			}
			applyInParallel(run, toApply, config.config());
			if (GroupPushHandler.pushing(config.config())) {
				// after the accounts, so new members are in; a job of its own, so it never runs beside
				// another push of this tenant (and retires groups no longer chosen even when none are)
				work.enqueue(GroupPushHandler.KIND, GroupPushHandler.KEY, Map.of("trigger", "reconcile"));
			}
			runs.status(run, hold ? "HELD" : "DONE", hold ? destructive + " account(s) would be disabled or deleted, "
					+ "more than the safety threshold of " + threshold + ": approve or reject them." : null);
		}
		catch (RuntimeException ex) {
			runs.status(run, "FAILED", ex.getMessage());
			throw ex;
		}
	}

	/** Everyone's operations, from one read of Okta and one of ShareFile. */
	Plan plan(CompiledConfig config, IdentitySource source, AccountTarget target, boolean dryRun) {
		Map<String, Identity> identities = new LinkedHashMap<>();
		source.searchAssigned(identity -> {
			identities.put(identity.id(), identity);
			return true;
		});
		if (config.needsGroups()) {
			Map<String, List<String>> groupsOf = groupMembership(source);
			identities.replaceAll((id, identity) -> new Identity(identity.id(), identity.login(), identity.status(),
					identity.profile(), groupsOf.getOrDefault(id, List.of()), identity.assigned()));
		}
		Map<String, Account> accounts = new HashMap<>();
		Map<String, Account> byEmail = new HashMap<>();
		target.search(account -> {
			accounts.put(account.id(), account);
			if (account.email() != null) {
				byEmail.put(account.email().toLowerCase(Locale.ROOT), account);
			}
			return true;
		});
		Map<String, Link> linkByIdentity = links.all();
		Set<String> linkedAccounts = new HashSet<>();
		linkByIdentity.values().forEach(link -> linkedAccounts.add(link.accountId()));
		List<Operation> operations = new ArrayList<>();
		for (Identity identity : identities.values()) {
			Link link = linkByIdentity.get(identity.id());
			Account account = link == null ? null : accounts.get(link.accountId());
			for (Operation operation : PersonPlanner.plan(config, identity, link, account,
					email -> Optional.ofNullable(byEmail.get(email.toLowerCase(Locale.ROOT)))
						.filter(found -> !linkedAccounts.contains(found.id())))) {
				operations.add(operation.kind() == Operation.Kind.CREATE_ACCOUNT ? knownAbsent(operation) : operation);
			}
		}
		for (Link link : linkByIdentity.values()) {
			if (identities.containsKey(link.identityId())) {
				continue;
			}
			// linked but no longer assigned: look the person up only if assignment is not what decides
			Identity identity = config.config().scope().requireAssignment() ? null
					: source.get(link.identityId()).orElse(null);
			operations.addAll(PersonPlanner.plan(config, identity, link, accounts.get(link.accountId()),
					email -> Optional.empty()));
		}
		return new Plan(identities.size(), operations);
	}

	/** The listing just read every account: no need to look the e-mail up again before creating. */
	private static Operation knownAbsent(Operation create) {
		Map<String, Object> values = new HashMap<>(create.values());
		values.put("knownAbsent", true);
		return new Operation(create.kind(), create.identityId(), create.accountId(), create.label(), create.changes(),
				values);
	}

	private Map<String, List<String>> groupMembership(IdentitySource source) {
		Map<String, List<String>> groupsOf = new HashMap<>();
		for (SourceGroup group : source.groups()) {
			for (String member : source.groupMembers(group.id())) {
				groupsOf.computeIfAbsent(member, key -> new ArrayList<>()).add(group.name());
			}
		}
		return groupsOf;
	}

	/**
	 * Different people run side by side. A person with a single operation (the bulk of an initial load) has
	 * the target called on a worker thread while this thread commits the results in batches of up to
	 * {@value #BATCH} (links, run records and audit events in one transaction); a person with several
	 * operations has them applied in order, each in its own transaction, on one thread.
	 */
	private void applyInParallel(UUID run, List<Operation> operations, ProvisioningConfig config) throws Exception {
		Map<String, List<Operation>> byPerson = new LinkedHashMap<>();
		for (Operation operation : operations) {
			byPerson.computeIfAbsent(String.valueOf(operation.identityId()), key -> new ArrayList<>()).add(operation);
		}
		UUID tenant = TenantContext.require();
		AccountTarget target = connectors.target();
		IdentitySource source = connectors.source();
		AuditEntry.Actor actor = AuditEntry.Actor.system();
		ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism));
		RunCounter counter = RunCounter.batched(runs, run);
		BlockingQueue<Outcome> results = new LinkedBlockingQueue<>();
		int singles = 0;
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (List<Operation> person : byPerson.values()) {
				if (person.size() == 1) {
					singles++;
					Operation operation = person.get(0);
					futures.add(pool.submit(() -> TenantContext.run(tenant, () -> {
						try {
							results.add(new Outcome(operation, callWithRetries(operation, config, target, source), null));
						}
						catch (ConnectorException ex) {
							results.add(new Outcome(operation, null, ex));
						}
						catch (RuntimeException ex) {
							results.add(new Outcome(operation, null, ConnectorException.of(
									ConnectorException.Kind.INVALID_REQUEST, String.valueOf(ex.getMessage()))));
						}
					})));
					continue;
				}
				futures.add(pool.submit(() -> TenantContext.run(tenant, () -> {
					for (Operation operation : person) {
						try {
							if (!executor.apply(run, operation, config, target, source, actor, counter)) {
								return;
							}
						}
						catch (ConnectorException ex) {
							// recorded on the run; the next reconcile (or the person's next change) tries again
							log.debug("Operation failed in run {}: {}", run, ex.getMessage());
							return;
						}
					}
				})));
			}
			writeInBatches(run, singles, results, actor, counter);
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			pool.shutdown();
			counter.flush();
		}
	}

	/**
	 * A throttled or briefly failing target is waited out here (the shared throttle has already been told
	 * how long), so one 429 in a load of thousands does not leave that person for the next reconcile.
	 */
	private PlanExecutor.Effect callWithRetries(Operation operation, ProvisioningConfig config, AccountTarget target,
			IdentitySource source) {
		for (int attempt = 1;; attempt++) {
			try {
				return executor.call(operation, config, target, source);
			}
			catch (ConnectorException ex) {
				if (!ex.retryable() || attempt >= RETRIES) {
					throw ex;
				}
				long wait = ex.retryAfter() != null ? ex.retryAfter().toMillis() : 250L << attempt;
				try {
					Thread.sleep(Math.min(wait, 60_000) + java.util.concurrent.ThreadLocalRandom.current().nextLong(100));
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

	private void writeInBatches(UUID run, int expected, BlockingQueue<Outcome> results, AuditEntry.Actor actor,
			RunCounter counter) throws InterruptedException {
		int written = 0;
		List<Outcome> batch = new ArrayList<>(BATCH);
		while (written < expected) {
			Outcome first = results.poll(5, TimeUnit.MINUTES);
			if (first == null) {
				throw new IllegalStateException("Appliers stopped answering; " + (expected - written) + " results missing");
			}
			batch.add(first);
			results.drainTo(batch, BATCH - 1);
			transactions.executeWithoutResult(status -> {
				for (Outcome outcome : batch) {
					if (outcome.failure() == null) {
						executor.persist(run, outcome.operation(), outcome.effect(), actor);
					}
					else {
						executor.persistFailure(run, outcome.operation(), outcome.failure(), actor);
					}
				}
			});
			int failed = (int) batch.stream().filter(outcome -> outcome.failure() != null).count();
			counter.add(batch.size() - failed, failed);
			written += batch.size();
			batch.clear();
		}
	}

	private record Outcome(Operation operation, PlanExecutor.Effect effect, ConnectorException failure) {
	}

	record Plan(int people, List<Operation> operations) {
	}

}
