package dev.ferry.provisioning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.connector.TargetSchema;
import dev.ferry.provisioning.internal.config.ConfigStore;
import dev.ferry.provisioning.internal.config.ConfigValidation;
import dev.ferry.provisioning.internal.config.TenantConnectors;
import dev.ferry.provisioning.internal.engine.Links;
import dev.ferry.provisioning.internal.engine.PersonPreview;
import dev.ferry.provisioning.internal.engine.ReconcileRequest;
import dev.ferry.provisioning.internal.engine.Runs;
import dev.ferry.provisioning.internal.groups.GroupPushRequest;
import dev.ferry.provisioning.internal.importing.ImportRequest;
import dev.ferry.system.Problem;
import dev.ferry.system.Refusal;
import dev.ferry.system.TenantContext;
import dev.ferry.work.WorkQueue;

/**
 * The provisioning engine's public face for the current organisation: its configuration,
 * dry runs, reconciles, single-person "provision now", held plans, and what runs did.
 */
@Service
public class Provisioning {

	private final ConfigStore configs;

	private final Runs runs;

	private final Links links;

	private final WorkQueue work;

	private final ApplicationEventPublisher events;

	private final PersonPreview preview;

	private final JdbcTemplate jdbc;

	private final TenantConnectors connectors;

	private final MessageSource messages;

	Provisioning(ConfigStore configs, Runs runs, Links links, WorkQueue work, ApplicationEventPublisher events,
			PersonPreview preview, JdbcTemplate jdbc, MessageSource messages, TenantConnectors connectors) {
		this.connectors = connectors;
		this.messages = messages;
		this.configs = configs;
		this.runs = runs;
		this.links = links;
		this.work = work;
		this.events = events;
		this.preview = preview;
		this.jdbc = jdbc;
	}

	/**
	 * Starts Import New Users: matches (and, if allowed, creates) Okta people for
	 * unlinked accounts.
	 */
	@Transactional
	public void startImport(AuditEntry.Actor actor) {
		work.enqueue(ImportRequest.KEY, new ImportRequest(actor.name() == null ? "manual" : "by " + actor.name()));
		events.publishEvent(new Happened(TenantContext.require(), actor, "provisioning.import", "import", null,
				AuditEntry.Outcome.SUCCESS, Map.of()));
	}

	/** Matches and creations waiting for an admin's approval. */
	@Transactional(readOnly = true)
	public List<ImportCandidate> importCandidates() {
		return jdbc.query(
				"select account_id, email, action, identity_id, status from import_candidate "
						+ "where status = 'PENDING' order by email",
				(rows, i) -> new ImportCandidate(rows.getString(1), rows.getString(2), rows.getString(3),
						rows.getString(4), rows.getString(5)));
	}

	/** Approves (carried out by an import started now) or rejects candidates. */
	@Transactional
	public int decideImport(List<String> accountIds, boolean approve, AuditEntry.Actor actor) {
		int decided = 0;
		for (String accountId : accountIds) {
			decided += jdbc.update("update import_candidate set status = ? where account_id = ? and status = 'PENDING'",
					approve ? "APPROVED" : "REJECTED", accountId);
		}
		events.publishEvent(new Happened(TenantContext.require(), actor,
				approve ? "provisioning.import_approved" : "provisioning.import_rejected", "import", null,
				AuditEntry.Outcome.SUCCESS, Map.of("accounts", decided)));
		if (approve && decided > 0) {
			work.enqueue(ImportRequest.KEY, new ImportRequest("approved"));
		}
		return decided;
	}

	/** An account waiting to be matched to, or created as, an Okta person. */
	public record ImportCandidate(String accountId, String email, String action, String identityId, String status) {
	}

	@Transactional(readOnly = true)
	public ProvisioningConfig config() {
		return configs.current();
	}

	@Transactional(readOnly = true)
	public int configVersion() {
		return configs.version();
	}

	/**
	 * Validates and stores a new version of the configuration, audited with what changed.
	 * Turning provisioning on, or changing who is in scope or what is mapped, reconciles
	 * everyone already in scope: nobody has to be unassigned and reassigned.
	 * @return problems by field (with the expression position when there is one); empty
	 * when saved
	 */
	@Transactional
	public Map<String, Problem> saveConfig(ProvisioningConfig config, AuditEntry.Actor actor) {
		Map<String, Problem> problems = problems(config);
		UUID tenant = TenantContext.require();
		if (!problems.isEmpty()) {
			events.publishEvent(new Happened(tenant, actor, "provisioning.config.rejected", "config", "provisioning",
					AuditEntry.Outcome.FAILURE, Map.of("problems", sentences(problems)))
				.evenIfRolledBack());
			return problems;
		}
		ProvisioningConfig before = configs.current();
		int version = configs.save(config, actor.name());
		events.publishEvent(new Happened(tenant, actor, "provisioning.config.saved", "config", "v" + version,
				AuditEntry.Outcome.SUCCESS, ConfigValidation.diff(before, config)));
		switch (afterSave(before, config)) {
			case RECONCILE -> work.enqueue(ReconcileRequest.ALL,
					ReconcileRequest.of(before.enabled() ? "config.changed" : "provisioning.enabled"));
			case PUSH_GROUPS -> work.enqueue(GroupPushRequest.KEY, GroupPushRequest.of("config.changed"));
			case NOTHING -> {
			}
		}
		return Map.of();
	}

	/**
	 * The problems as the person read them: the audit log keeps sentences, in the
	 * bundle's own language, whoever reads the log later.
	 */
	private Map<String, String> sentences(Map<String, Problem> problems) {
		Map<String, String> sentences = new LinkedHashMap<>();
		problems.forEach((field, problem) -> sentences.put(field, messages.getMessage(problem, Locale.ENGLISH)));
		return sentences;
	}

	/** What saving a configuration sets going. */
	public enum AfterSave {

		NOTHING, RECONCILE, PUSH_GROUPS

	}

	/**
	 * What is wrong with these settings for this organisation's target; empty when fine.
	 */
	public Map<String, Problem> problems(ProvisioningConfig config) {
		return ConfigValidation.problems(config, connectors.targetSchema(), connectors.sourceAttributes());
	}

	/**
	 * The source profile attributes import may write; empty when the source takes any.
	 */
	public Set<String> sourceAttributes() {
		return connectors.sourceAttributes();
	}

	/**
	 * The kinds of the organisation's target and identity source, which pages name them
	 * by ({@code connector.<kind>} in the message bundle).
	 */
	public Kinds kinds() {
		return new Kinds(connectors.targetKind(), connectors.sourceKind());
	}

	/** See {@link #kinds()}. */
	public record Kinds(String target, String source) {

	}

	/** What the organisation's target lets mappings write. */
	public TargetSchema targetSchema() {
		return connectors.targetSchema();
	}

	/**
	 * Turning provisioning on, or changing scope, user types, mappings or features
	 * reconciles everyone (the reconcile pushes groups after the accounts); changing only
	 * which groups are pushed, or their prefix, needs just a group push, which also
	 * retires the groups no longer chosen.
	 */
	public static AfterSave afterSave(ProvisioningConfig before, ProvisioningConfig after) {
		if (!after.enabled()) {
			return AfterSave.NOTHING;
		}
		if (!before.enabled() || !before.scope().equals(after.scope()) || !before.mappings().equals(after.mappings())
				|| !before.userTypes().equals(after.userTypes()) || !before.features().equals(after.features())) {
			return AfterSave.RECONCILE;
		}
		return after.features().pushGroups() && !before.groupPush().equals(after.groupPush()) ? AfterSave.PUSH_GROUPS
				: AfterSave.NOTHING;
	}

	/**
	 * Starts a full reconcile (or a dry run, which only plans); returns the run to watch.
	 */
	@Transactional
	public RunId startRun(boolean dryRun, AuditEntry.Actor actor) {
		String key = dryRun ? ReconcileRequest.DRY_RUN : ReconcileRequest.ALL;
		UUID run = runs.start(dryRun ? RunKind.DRY_RUN : RunKind.RECONCILE,
				actor.name() == null ? "manual" : "by " + actor.name(), RunStatus.PLANNING, key);
		work.enqueue(key, new ReconcileRequest("manual", dryRun, run, false, null));
		events.publishEvent(
				new Happened(TenantContext.require(), actor, dryRun ? "provisioning.dry_run" : "provisioning.reconcile",
						"run", run.toString(), AuditEntry.Outcome.SUCCESS, Map.of()));
		return new RunId(run);
	}

	/** The plan for one person right now, without applying it. */
	public PersonPreview.Result previewPerson(String identityIdOrLogin) {
		return preview.preview(identityIdOrLogin);
	}

	@Transactional(readOnly = true)
	public List<RunSummary> latestRuns(int limit) {
		return runs.latest(limit);
	}

	@Transactional(readOnly = true)
	public Optional<RunSummary> run(RunId id) {
		return runs.find(id.value());
	}

	@Transactional(readOnly = true)
	public List<RecordedOperation> operations(RunId run, OperationStatus status, int limit) {
		return runs.operations(run.value(), status, limit);
	}

	@Transactional(readOnly = true)
	public long linkedAccounts() {
		return links.count();
	}

	/**
	 * Approves a held plan's destructive part: it is applied by the next reconcile, which
	 * plans afresh.
	 * @throws Refusal when the run holds nothing (any more), or is not this
	 * organisation's
	 */
	@Transactional
	public void approveHeld(RunId id, AuditEntry.Actor actor) {
		UUID run = id.value();
		RunSummary summary = held(run, "provisioning.flash.held.nothingToApprove");
		runs.status(run, RunStatus.DONE, "Approved by " + actor.name() + ".");
		work.enqueue(ReconcileRequest.APPROVED, new ReconcileRequest("approved", false, null, true, run));
		events.publishEvent(new Happened(TenantContext.require(), actor, "provisioning.held_approved", "run",
				run.toString(), AuditEntry.Outcome.SUCCESS, Map.of("held", summary.held())));
	}

	/**
	 * Rejects a held plan's destructive part: nothing held is applied.
	 * @throws Refusal when the run holds nothing (any more), or is not this
	 * organisation's
	 */
	@Transactional
	public void rejectHeld(RunId id, AuditEntry.Actor actor) {
		UUID run = id.value();
		RunSummary summary = held(run, "provisioning.flash.held.nothingToReject");
		runs.operations(run, OperationStatus.HELD, Integer.MAX_VALUE)
			.forEach(operation -> runs.operationStatus(operation.id(), OperationStatus.REJECTED,
					"Rejected by " + actor.name()));
		runs.status(run, RunStatus.DONE, "Held operations rejected by " + actor.name() + ".");
		events.publishEvent(new Happened(TenantContext.require(), actor, "provisioning.held_rejected", "run",
				run.toString(), AuditEntry.Outcome.SUCCESS, Map.of("held", summary.held())));
	}

	private RunSummary held(UUID run, String refusal) {
		return runs.find(run)
			.filter(summary -> summary.status() == RunStatus.HELD)
			.orElseThrow(() -> new Refusal(refusal));
	}

}
