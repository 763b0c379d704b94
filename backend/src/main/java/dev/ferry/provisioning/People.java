package dev.ferry.provisioning;

import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.json.JsonMapper;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.connector.ConnectorException;
import dev.ferry.mapping.ExpressionException;
import dev.ferry.provisioning.internal.config.TenantConnectors;
import dev.ferry.provisioning.internal.engine.IdentitySyncRequest;
import dev.ferry.provisioning.internal.engine.Links;
import dev.ferry.provisioning.internal.engine.PersonPreview;
import dev.ferry.provisioning.internal.people.PeopleDirectory;
import dev.ferry.system.Problem;
import dev.ferry.system.Refusal;
import dev.ferry.system.TenantContext;
import dev.ferry.work.DeadLetter;
import dev.ferry.work.DeadLetters;
import dev.ferry.work.JobId;
import dev.ferry.work.WorkQueue;
import dev.ferry.work.WorkStats;

/**
 * The People page's questions about one person of the current organisation: find them
 * among what Ferry knows, tell why they are or are not in ShareFile (Ferry's own records
 * first, then Okta and ShareFile read for that one person through the connectors, as the
 * preview does), and provision or retry them, audited.
 */
@Service
public class People {

	/**
	 * Okta ids ({@code 00u…}), SCIM directory ids (UUIDs): what a person's key looks
	 * like.
	 */
	static final String PERSON_ID = "^[A-Za-z0-9_-]{1,64}$";

	static final int SHOWN = 20;

	private final PeopleDirectory directory;

	private final PersonPreview preview;

	private final Links links;

	private final Provisioning provisioning;

	private final TenantConnectors connectors;

	private final DeadLetters deadLetters;

	private final WorkStats workStats;

	private final WorkQueue work;

	private final ApplicationEventPublisher events;

	private final JsonMapper json;

	People(PeopleDirectory directory, PersonPreview preview, Links links, Provisioning provisioning,
			TenantConnectors connectors, DeadLetters deadLetters, WorkStats workStats, WorkQueue work,
			ApplicationEventPublisher events, JsonMapper json) {
		this.directory = directory;
		this.preview = preview;
		this.links = links;
		this.provisioning = provisioning;
		this.connectors = connectors;
		this.deadLetters = deadLetters;
		this.workStats = workStats;
		this.work = work;
		this.events = events;
		this.json = json;
	}

	/** People and accounts whose name, e-mail, login or id contains the text. */
	@Transactional(readOnly = true)
	public List<PeopleDirectory.Hit> find(String text) {
		return directory.search(text, SHOWN);
	}

	/**
	 * Everything the page says about one person: what Ferry knows (link, operations,
	 * retries) always; the scope decision, match and mapped values when Okta and
	 * ShareFile could be read.
	 * @param person an id or login, as typed or picked from the search
	 */
	public PersonReport explain(String person) {
		PersonReport found;
		try {
			// the source first: it turns a login into the id Ferry's records use
			PersonPreview.Result result = preview.preview(person);
			if (result.identity() == null) {
				found = failed(person, PersonReport.State.NOBODY, Problem.of("people.error.nobody", person));
			}
			else {
				ProvisioningConfig config = provisioning.config();
				found = new PersonReport(person, PersonReport.State.FOUND, null, result.identity(), result.inScope(),
						PersonExplanation.scope(config, result.identity(), result.inScope()),
						PersonExplanation.match(config, result.inScope(), result.link(), result.account(),
								result.desired(), result.plan(), connectors.targetSchema().emailAttribute()),
						PersonExplanation.computed(config, result.desired(),
								result.account() == null ? null : result.account().attributes()),
						result.plan().stream().map(OperationView::of).toList(), config.enabled(), result.link(),
						Activity.NONE);
			}
		}
		catch (ConnectorException ex) {
			found = failed(person, PersonReport.State.UNREACHABLE,
					Problem.of("people.error.unreachable", ex.getMessage()));
		}
		catch (IllegalStateException ex) {
			// TenantConnectors' way of saying a connection is missing, and which
			found = failed(person, PersonReport.State.UNREACHABLE,
					Problem.of("preview.error.notConnected", ex.getMessage()));
		}
		catch (ExpressionException ex) {
			found = failed(person, PersonReport.State.UNREACHABLE,
					Problem.of("preview.error.mapping", ex.getMessage()));
		}
		String id = found.identityId();
		if (id == null) {
			return found;
		}
		Link link = found.link() != null ? found.link() : links.byIdentity(id).orElse(null);
		return new PersonReport(found.query(), found.state(), found.problem(), found.identity(), found.inScope(),
				found.scope(), found.match(), found.computed(), found.plan(), found.enabled(), link, activity(id));
	}

	private static PersonReport failed(String person, PersonReport.State state, Problem problem) {
		return new PersonReport(person, state, problem, null, false, List.of(), null, List.of(), List.of(), false, null,
				Activity.NONE);
	}

	/**
	 * The person's latest operations, retries and dead letters, and whether a sync is
	 * under way.
	 */
	public Activity activity(String identityId) {
		List<Row> history = directory.history(identityId, 10)
			.stream()
			.map(event -> new Row(event, OperationView.of(event.operation(), json)))
			.toList();
		return new Activity(history, deadLetters.deadOf(IdentitySyncRequest.KIND, identityId),
				deadLetters.retryingOf(IdentitySyncRequest.KIND, identityId),
				workStats.busy(IdentitySyncRequest.KIND, identityId));
	}

	/** Queues the person's sync now (what an Okta change does), audited. */
	@Transactional
	public void provision(String identityId, AuditEntry.Actor actor) {
		requireId(identityId);
		work.enqueue(identityId, IdentitySyncRequest.checking(IdentitySyncRequest.MANUAL));
		events.publishEvent(new Happened(TenantContext.require(), actor, "provisioning.person_sync", "person",
				identityId, AuditEntry.Outcome.SUCCESS, Map.of()));
	}

	/**
	 * Puts the person's dead-lettered sync back in the queue, audited.
	 * @throws Refusal when that job is not (any more) this person's dead letter
	 */
	@Transactional
	public void retry(String identityId, JobId job, AuditEntry.Actor actor) {
		requireId(identityId);
		boolean theirs = deadLetters.deadOf(IdentitySyncRequest.KIND, identityId)
			.stream()
			.anyMatch(letter -> letter.id().equals(job));
		if (!theirs || !deadLetters.retry(job)) {
			throw new Refusal("people.flash.retryGone");
		}
		events.publishEvent(new Happened(TenantContext.require(), actor, "provisioning.person_retry", "person",
				identityId, AuditEntry.Outcome.SUCCESS, Map.of("job", job.toString())));
	}

	private static void requireId(String identityId) {
		if (identityId == null || !identityId.matches(PERSON_ID)) {
			throw new Refusal("people.flash.lookUpFirst");
		}
	}

	/** One operation as the page lists it. */
	public record Row(PeopleDirectory.Event event, OperationView operation) {
	}

	/**
	 * @param dead the person's syncs Ferry gave up on (each with a retry button)
	 * @param retrying failed syncs waiting for their next try
	 * @param busy a sync of the person waits or runs now
	 */
	public record Activity(List<Row> history, List<DeadLetter> dead, List<DeadLetter> retrying, boolean busy) {

		static final Activity NONE = new Activity(List.of(), List.of(), List.of(), false);

	}

}
