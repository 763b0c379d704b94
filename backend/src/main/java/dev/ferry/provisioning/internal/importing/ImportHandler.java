package dev.ferry.provisioning.internal.importing;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.connector.Account;
import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.CreateOp;
import dev.ferry.connector.Identity;
import dev.ferry.connector.IdentitySource;
import dev.ferry.connector.TargetSchema;
import dev.ferry.provisioning.Link;
import dev.ferry.provisioning.LinkState;
import dev.ferry.provisioning.Operation;
import dev.ferry.provisioning.Operation.ImportIdentity;
import dev.ferry.provisioning.Operation.MatchIdentity;
import dev.ferry.provisioning.OperationStatus;
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.provisioning.ProvisioningConfig.ImportSettings;
import dev.ferry.provisioning.RunKind;
import dev.ferry.provisioning.internal.config.Compiled;
import dev.ferry.provisioning.internal.config.TenantConnectors;
import dev.ferry.provisioning.internal.engine.Links;
import dev.ferry.provisioning.internal.engine.RunScope;
import dev.ferry.provisioning.internal.engine.Runs;
import dev.ferry.system.TenantContext;
import dev.ferry.work.Job;
import dev.ferry.work.JobHandler;

/**
 * Import New Users: every ShareFile account with no Okta identity is matched by the
 * configured rules (e-mail, then username) or, if allowed, created in Okta (staged or
 * active, with the password import hook so the person keeps their ShareFile password).
 * With confirmation on, matches and creations wait as candidates for an admin; approved
 * candidates are carried out by the next import. What to do is decided first, by
 * {@link ImportPlanner}; this applies its plan, or records it on a dry run.
 */
@Component
public class ImportHandler implements JobHandler {

	private final Compiled compiled;

	private final TenantConnectors connectors;

	private final Links links;

	private final Runs runs;

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ImportHandler(Compiled compiled, TenantConnectors connectors, Links links, Runs runs, JdbcTemplate jdbc,
			ApplicationEventPublisher events, Clock clock) {
		this.compiled = compiled;
		this.connectors = connectors;
		this.links = links;
		this.runs = runs;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	@Override
	public String kind() {
		return ImportRequest.KIND;
	}

	/** An import reads every ShareFile account and Okta person: minutes for a big one. */
	@Override
	public boolean bulk() {
		return true;
	}

	@Override
	public void handle(Job job) throws Exception {
		// an earlier attempt killed mid-run (or one that threw) left its run applying:
		// this attempt carries on
		runs.closeAbandoned(RunKind.IMPORT, job.key(), null);
		ProvisioningConfig config = compiled.current().config();
		if (!config.features().importNewUsers()) {
			return;
		}
		IdentitySource source = connectors.source();
		AccountTarget target = connectors.target();
		List<ConnectorException> failures = new ArrayList<>();
		runs.run(RunKind.IMPORT, job.request(ImportRequest.class).trigger(), job.key()).track(scope -> {
			ConnectorException failure = importAll(scope.id(), config, source, target);
			if (failure == null) {
				return RunScope.Ending.done();
			}
			failures.add(failure);
			return RunScope.Ending
				.done("Some accounts could not be imported: Ferry tries the import again (see Problems).");
		});
		if (!failures.isEmpty()) {
			// the run reads "done with failures"; the job stays Ferry's: retried with
			// backoff (an import skips what is linked already) or dead-lettered with the
			// cause when retrying cannot help
			throw failures.get(0);
		}
	}

	/**
	 * What an import would do now, without doing it (a dry run shows it): one read of
	 * ShareFile, and a lookup in Okta per unlinked account.
	 */
	ImportPlanner.Plan plan(ProvisioningConfig config, IdentitySource source, AccountTarget target) {
		Set<String> linkedAccounts = new HashSet<>();
		Set<String> linkedIdentities = new HashSet<>();
		links.forEach(link -> {
			linkedAccounts.add(link.accountId());
			linkedIdentities.add(link.identityId());
		});
		String serviceAccount = target.serviceAccount().orElse("");
		List<Account> unlinked = new ArrayList<>();
		target.search(account -> {
			if (ImportPlanner.candidate(account, linkedAccounts, serviceAccount)) {
				unlinked.add(account);
			}
			return true;
		});
		return ImportPlanner.plan(config.importSettings(), unlinked, linkedIdentities, source::get);
	}

	/**
	 * Records what an import would do, as planned operations of a dry run.
	 * @return how many
	 */
	public int dryRun(UUID run, ProvisioningConfig config, IdentitySource source, AccountTarget target) {
		List<Operation.Import> operations = plan(config, source, target).operations();
		operations.forEach(operation -> runs.record(run, operation, OperationStatus.PLANNED, null));
		return operations.size();
	}

	/**
	 * @return the first failure, after everything else was tried; null when all went
	 * through
	 */
	private ConnectorException importAll(UUID run, ProvisioningConfig config, IdentitySource source,
			AccountTarget target) {
		Map<String, String> approved = approvedCandidates();
		ImportPlanner.Plan plan = plan(config, source, target);
		runs.planned(run, plan.unlinked(), plan.operations().size(), 0);
		ConnectorException failure = null;
		for (Operation.Import operation : plan.operations()) {
			boolean confirmed = approved.containsKey(operation.accountId());
			if (config.importSettings().requireConfirmation() && !confirmed) {
				candidate(operation.account(), operation);
				runs.record(run, operation, OperationStatus.HELD, "Waiting for an admin to approve.");
				continue;
			}
			ConnectorException failed = apply(run, operation, config, source, target.schema());
			failure = failure == null ? failed : failure;
		}
		return failure;
	}

	/**
	 * @return the failure, or null when the operation went through
	 */
	private ConnectorException apply(UUID run, Operation.Import operation, ProvisioningConfig config,
			IdentitySource source, TargetSchema schema) {
		Account account = operation.account();
		long recorded = runs.record(run, operation, OperationStatus.PLANNED, null);
		try {
			Identity identity = switch (operation) {
				case MatchIdentity match -> source.get(match.identityId()).orElseThrow();
				case ImportIdentity create -> {
					Map<String, Object> profile = new LinkedHashMap<>();
					profile.put("login", account.email());
					profile.put("email", account.email());
					profile.put("firstName",
							Objects.toString(account.attributes().get(schema.firstNameAttribute()), ""));
					profile.put("lastName", Objects.toString(account.attributes().get(schema.lastNameAttribute()), ""));
					yield source.require(CreateOp.class)
						.create(profile,
								config.importSettings().createInSource() == ImportSettings.CreateInSource.ACTIVE, true);
				}
			};
			links.save(new Link(identity.id(), account.id(), account.email(), account.employee(),
					account.disabled() ? LinkState.DISABLED : LinkState.ACTIVE, account.attributes()));
			jdbc.update("update import_candidate set status = 'DONE' where account_id = ?", account.id());
			runs.operationStatus(recorded, OperationStatus.APPLIED, null);
			runs.count(run, 1, 0, 0);
			events.publishEvent(new Happened(TenantContext.require(), AuditEntry.Actor.system(),
					"provisioning." + operation.kind().name().toLowerCase(), "identity", identity.id(),
					AuditEntry.Outcome.SUCCESS, Map.of("account", account.email(), "login", identity.login()))
				.evenIfRolledBack());
			return null;
		}
		catch (ConnectorException ex) {
			runs.operationStatus(recorded, OperationStatus.FAILED, ex.getMessage());
			runs.count(run, 0, 0, 1);
			return ex;
		}
	}

	private Map<String, String> approvedCandidates() {
		Map<String, String> approved = new LinkedHashMap<>();
		jdbc.query("select account_id, action from import_candidate where status = 'APPROVED'",
				(org.springframework.jdbc.core.RowCallbackHandler) rows -> approved.put(rows.getString(1),
						rows.getString(2)));
		return approved;
	}

	private void candidate(Account account, Operation.Import operation) {
		jdbc.update(
				"insert into import_candidate (tenant_id, account_id, email, action, identity_id, status, created_at) "
						+ "values (?, ?, ?, ?, ?, 'PENDING', ?) on conflict (tenant_id, account_id) do update set "
						+ "action = excluded.action, identity_id = excluded.identity_id where import_candidate.status = 'PENDING'",
				TenantContext.require(), account.id(), account.email(),
				operation instanceof MatchIdentity ? "MATCH" : "CREATE", operation.identityId(),
				Timestamp.from(clock.instant()));
	}

}
