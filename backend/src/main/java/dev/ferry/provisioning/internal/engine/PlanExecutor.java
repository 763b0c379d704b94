package dev.ferry.provisioning.internal.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.AuditLog;
import dev.ferry.audit.Diff;
import dev.ferry.audit.Happened;
import dev.ferry.connector.Account;
import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.AccountTypeOp;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.CreateOp;
import dev.ferry.connector.IdentitySource;
import dev.ferry.connector.Throttled;
import dev.ferry.provisioning.Link;
import dev.ferry.provisioning.LinkState;
import dev.ferry.provisioning.Operation;
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
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.system.AdvisoryLocks;
import dev.ferry.system.TenantContext;

/**
 * Applies one person's operations: each under a lock on that person (so a hook-triggered
 * sync and a reconcile never work on the same person at once, in any process), then the
 * link and the audit event commit together. Re-running an operation is safe: creates
 * match an existing account by e-mail first.
 */
@Component
public class PlanExecutor {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Links links;

	private final Runs runs;

	private final ApplicationEventPublisher events;

	/**
	 * Only for {@link #persistAll}: a reconcile writes thousands of audit entries, one
	 * batched statement per batch, which one event per entry would turn into one insert
	 * each.
	 */
	private final AuditLog audit;

	private final AdvisoryLocks locks;

	PlanExecutor(JdbcTemplate jdbc, TransactionTemplate transactions, Links links, Runs runs,
			ApplicationEventPublisher events, AuditLog audit, AdvisoryLocks locks) {
		this.locks = locks;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.links = links;
		this.runs = runs;
		this.events = events;
		this.audit = audit;
	}

	/**
	 * Applies one operation and records it on the run.
	 * @throws ConnectorException when the target failed (recorded on the run and audited
	 * first) or asked to wait ({@link Throttled}: nothing was tried, nothing is
	 * recorded); the caller decides whether the person's work is retried now, later, or
	 * as a work item of its own
	 */
	public void apply(UUID run, Person operation, ProvisioningConfig config, AccountTarget target,
			IdentitySource source, AuditEntry.Actor actor) {
		apply(run, operation, config, target, source, actor, RunCounter.direct(runs, run));
	}

	/**
	 * As above, counting through {@code counter} (a reconcile applying thousands of
	 * operations in parallel adds its counts in batches instead of updating the run row
	 * once per operation).
	 */
	public void apply(UUID run, Person operation, ProvisioningConfig config, AccountTarget target,
			IdentitySource source, AuditEntry.Actor actor, RunCounter counter) {
		try {
			transactions.executeWithoutResult(status -> {
				lockPerson(operation);
				execute(operation, config, target, source, links::save, links::delete);
				recordApplied(run, operation, actor);
			});
			counter.add(1, 0);
		}
		catch (Throttled ex) {
			throw ex;
		}
		catch (ConnectorException ex) {
			runs.record(run, operation, OperationStatus.FAILED, ex.getMessage());
			counter.add(0, 1);
			events.publishEvent(failedEvent(operation, ex, actor).evenIfRolledBack());
			throw ex;
		}
	}

	/**
	 * Calls the target for one operation without writing anything: returns the link
	 * changes to persist later with {@link #persistAll}. A reconcile's appliers call
	 * targets in parallel and one writer commits their results in batches, so an initial
	 * load is not one transaction (and one audit lock) per account.
	 */
	public Effect call(Person operation, ProvisioningConfig config, AccountTarget target, IdentitySource source) {
		List<Link> saves = new ArrayList<>();
		List<String> unlinks = new ArrayList<>();
		execute(operation, config, target, source, saves::add, unlinks::add);
		return new Effect(saves, unlinks);
	}

	/**
	 * Writes what {@link #call} did for many people (each result is one person's only
	 * operation), with their run records and audit events, in the caller's transaction: a
	 * few batched statements instead of five round trips per account.
	 */
	public void persistAll(UUID run, List<Result> results, AuditEntry.Actor actor) {
		List<Link> saves = new ArrayList<>();
		List<Runs.Recorded> recorded = new ArrayList<>(results.size());
		List<AuditEntry> entries = new ArrayList<>(results.size());
		for (Result result : results) {
			Person operation = result.operation();
			if (result.failure() == null) {
				saves.addAll(result.effect().saves());
				result.effect().unlinks().forEach(links::delete);
				recorded.add(new Runs.Recorded(operation, OperationStatus.APPLIED, null));
				entries.add(entry(appliedEvent(operation, actor)));
			}
			else {
				recorded.add(new Runs.Recorded(operation, OperationStatus.FAILED, result.failure().getMessage()));
				entries.add(entry(failedEvent(operation, result.failure(), actor)));
			}
		}
		links.saveAll(saves);
		runs.recordAll(run, recorded);
		// directly, not as events: one batched insert for the whole batch
		audit.recordAll(entries);
	}

	/**
	 * One person's call and what came of it: the effect to persist, or the failure to
	 * record.
	 */
	public record Result(Person operation, Effect effect, ConnectorException failure) {
	}

	private static Happened failedEvent(Operation operation, ConnectorException failure, AuditEntry.Actor actor) {
		return new Happened(TenantContext.require(), actor, "provisioning." + operation.kind().name().toLowerCase(),
				"account", Objects.toString(operation.accountId(), operation.label()), AuditEntry.Outcome.FAILURE,
				Map.of("error", String.valueOf(failure.getMessage()), "identity",
						Objects.toString(operation.identityId(), "")));
	}

	/** The entry {@link AuditLog#recordAll} takes for an event, unchanged. */
	private static AuditEntry entry(Happened event) {
		return new AuditEntry(event.tenantId(), event.actor(), event.action(), event.targetType(), event.targetId(),
				event.outcome(), event.details());
	}

	private static Happened appliedEvent(Operation operation, AuditEntry.Actor actor) {
		return new Happened(TenantContext.require(), actor, "provisioning." + operation.kind().name().toLowerCase(),
				"account", Objects.toString(operation.accountId(), operation.label()), AuditEntry.Outcome.SUCCESS,
				details(operation));
	}

	private void recordApplied(UUID run, Operation operation, AuditEntry.Actor actor) {
		// recorded once, with its outcome, in the same transaction as the link and the
		// audit event
		runs.record(run, operation, OperationStatus.APPLIED, null);
		events.publishEvent(appliedEvent(operation, actor));
	}

	/** Links to save and identities to unlink, as an operation left them. */
	public record Effect(List<Link> saves, List<String> unlinks) {
	}

	private void lockPerson(Operation operation) {
		String key = TenantContext.require() + ":" + Objects.toString(operation.identityId(), operation.label());
		locks.lock(AdvisoryLocks.Space.PERSON, key);
	}

	private void execute(Person operation, ProvisioningConfig config, AccountTarget target, IdentitySource source,
			Consumer<Link> save, Consumer<String> unlink) {
		switch (operation) {
			case CreateAccount create -> {
				Map<String, Object> attributes = create.attributes();
				String email = Objects.toString(attributes.get(target.schema().emailAttribute()), null);
				// idempotent: a replay or a race finds the account made before instead of
				// making a second one. A reconcile that has just listed every account
				// knows
				// there is none, and saves the call.
				Account account = email == null || create.knownAbsent() ? null : target.findByEmail(email).orElse(null);
				boolean adopted = account != null;
				if (account == null) {
					String password = config.passwordPolicy()
						.onCreate() == ProvisioningConfig.PasswordPolicy.OnCreate.RANDOM ? PasswordGenerator.next()
								: null;
					try {
						account = create.employee() ? target.create(attributes, password, true)
								: target.require(AccountTypeOp.class).createClient(attributes, password, true);
					}
					catch (ConnectorException ex) {
						if (ex.kind() != ConnectorException.Kind.ALREADY_EXISTS || email == null) {
							throw ex;
						}
						account = target.findByEmail(email).orElseThrow(() -> ex);
						adopted = true;
					}
				}
				Map<String, Object> written = attributes;
				if (adopted) {
					written = adopt(create, account, target);
				}
				save.accept(new Link(create.identityId(), account.id(), account.email(), create.employee(),
						LinkState.ACTIVE, written));
			}
			case LinkAccount link -> {
				// a reconcile that has just listed the account passes it along; a single
				// sync reads it fresh
				Account account = link.listed() != null ? link.listed() : target.get(link.accountId())
					.orElseThrow(
							() -> ConnectorException.of(ConnectorException.Kind.UNKNOWN_ID, "The account is gone"));
				save.accept(new Link(link.identityId(), account.id(), account.email(), account.employee(),
						account.disabled() ? LinkState.DISABLED : LinkState.ACTIVE, account.attributes()));
			}
			case UpdateAccount update -> {
				Map<String, Object> changes = update.attributes();
				target.update(update.accountId(), changes);
				updateLink(save, update, link -> {
					Map<String, Object> written = new LinkedHashMap<>(link.lastWritten());
					written.putAll(changes);
					String emailAttribute = target.schema().emailAttribute();
					String email = changes.containsKey(emailAttribute) ? Objects.toString(changes.get(emailAttribute))
							: link.accountEmail();
					return new Link(link.identityId(), link.accountId(), email, link.employee(), link.state(), written);
				});
			}
			case PromoteAccount promote -> {
				target.require(AccountTypeOp.class).promoteToEmployee(promote.accountId());
				updateLink(save, promote, link -> new Link(link.identityId(), link.accountId(), link.accountEmail(),
						true, link.state(), link.lastWritten()));
			}
			case EnableAccount enable -> {
				target.setDisabled(enable.accountId(), false);
				updateLink(save, enable, link -> new Link(link.identityId(), link.accountId(), link.accountEmail(),
						link.employee(), LinkState.ACTIVE, link.lastWritten()));
			}
			case DisableAccount disable -> {
				target.setDisabled(disable.accountId(), true);
				updateLink(save, disable, link -> new Link(link.identityId(), link.accountId(), link.accountEmail(),
						link.employee(), LinkState.DISABLED, link.lastWritten()));
			}
			case DeleteAccount delete -> {
				String reassign = delete.reassignTo() == null ? "" : delete.reassignTo();
				String reassignId = reassign.isBlank() ? null : target.findByEmail(reassign)
					.map(Account::id)
					.orElseThrow(() -> ConnectorException.of(ConnectorException.Kind.INVALID_REQUEST,
							"The account " + reassign + " that should receive deleted accounts' files does not exist"));
				target.delete(delete.accountId(), reassignId);
				unlink.accept(delete.identityId());
			}
			case UpdateIdentity update ->
				source.require(CreateOp.class).updateProfile(update.identityId(), update.profile());
		}
	}

	/**
	 * The account to create was there after all: another job made it between this
	 * operation's plan and now (a sync and a reconcile creating the same person). A
	 * single sync's attributes were read from Okta moments ago, so they are written onto
	 * the account where it differs — before, the account kept the other job's values
	 * while the link said Ferry had written these, and the change was lost (the
	 * one-tenant outage drill saw a change never reach ShareFile). A reconcile's come
	 * from a listing that may be minutes old: the account is recorded as it is, and the
	 * next comparison corrects it if Okta differs.
	 * @return what the link records as last written
	 */
	private static Map<String, Object> adopt(CreateAccount create, Account account, AccountTarget target) {
		if (create.knownAbsent()) {
			return account.attributes();
		}
		Map<String, Object> changes = new LinkedHashMap<>();
		create.attributes().forEach((name, value) -> {
			if (!Objects.equals(Objects.toString(value, null),
					Objects.toString(account.attributes().get(name), null))) {
				changes.put(name, value);
			}
		});
		if (!changes.isEmpty()) {
			target.update(account.id(), changes);
		}
		return create.attributes();
	}

	private void updateLink(Consumer<Link> save, Person operation, UnaryOperator<Link> change) {
		links.byIdentity(operation.identityId()).map(change).ifPresent(save);
	}

	private static Map<String, Object> details(Operation operation) {
		Map<String, Object> details = new HashMap<>();
		details.put("identity", Objects.toString(operation.identityId(), ""));
		details.put("label", Objects.toString(operation.label(), ""));
		Map<String, Object> changes = new LinkedHashMap<>();
		operation.changes().forEach((name, change) -> changes.put(name, Diff.value(change.before(), change.after())));
		details.put("changes", changes);
		return details;
	}

}
