package dev.ferry.provisioning.internal.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.ferry.provisioning.internal.groups.GroupPushRequest;
import dev.ferry.provisioning.internal.importing.ImportRequest;
import dev.ferry.work.Job;
import dev.ferry.work.JobRequest;
import dev.ferry.work.WorkQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Job requests are stored as the flat string payloads jobs always had (docs/work.md): the
 * same keys, nothing for null or false, so waiting jobs merge field by field and jobs
 * queued before the requests were records are still read.
 */
class JobRequestsTest {

	static final UUID RUN = UUID.fromString("6f1c1a52-7d1e-4f0a-9a57-0d6b3c1e2f10");

	/** What {@link WorkQueue#enqueue(String, JobRequest)} stores. */
	static Map<String, String> stored(JobRequest request) {
		Map<String, String> payload = new HashMap<>();
		WorkQueue queue = new WorkQueue() {

			@Override
			public void enqueue(String kind, String key, Map<String, String> written) {
				assertThat(kind).isEqualTo(request.kind());
				payload.putAll(written);
			}

			@Override
			public void enqueueAfterFailure(String kind, String key, Map<String, String> written, Throwable cause) {
				enqueue(kind, key, written);
			}

		};
		queue.enqueue("key", request);
		return payload;
	}

	static Job job(String kind, Map<String, String> payload) {
		return new Job(UUID.randomUUID(), UUID.randomUUID(), kind, "key", payload, 1);
	}

	@Test
	void requestsAreStoredWithTheKeysJobsAlwaysHad() {
		assertThat(stored(new ReconcileRequest("manual", true, RUN, false, null)))
			.isEqualTo(Map.of("trigger", "manual", "dryRun", "true", "runId", RUN.toString()));
		assertThat(stored(new ReconcileRequest("approved", false, null, true, RUN)))
			.isEqualTo(Map.of("trigger", "approved", "skipThreshold", "true", "approvedRun", RUN.toString()));
		assertThat(stored(new IdentitySyncRequest("retry after run", null, true, RUN)))
			.isEqualTo(Map.of("trigger", "retry after run", "checkAssignment", "true", "retryOfRun", RUN.toString()));
		assertThat(stored(new IdentitySyncRequest("user.lifecycle.create", "ev1", false, null)))
			.isEqualTo(Map.of("trigger", "user.lifecycle.create", "eventId", "ev1"));
		assertThat(stored(GroupPushRequest.of("reconcile"))).isEqualTo(Map.of("trigger", "reconcile"));
		assertThat(stored(new ImportRequest("approved"))).isEqualTo(Map.of("trigger", "approved"));
	}

	@Test
	void payloadsWrittenBeforeRequestsWereRecordsAreRead() {
		ReconcileRequest manual = job(ReconcileRequest.KIND,
				Map.of("runId", RUN.toString(), "dryRun", "false", "trigger", "manual"))
			.request(ReconcileRequest.class);
		assertThat(manual).isEqualTo(new ReconcileRequest("manual", false, RUN, false, null));
		IdentitySyncRequest sync = job(IdentitySyncRequest.KIND,
				Map.of("trigger", "system-log", "checkAssignment", "true", "somethingOld", "x"))
			.request(IdentitySyncRequest.class);
		assertThat(sync).isEqualTo(new IdentitySyncRequest("system-log", null, true, null));
	}

	@Test
	void anEmptyPayloadReadsAsEachKindsDefaults() {
		assertThat(job(ReconcileRequest.KIND, Map.of()).request(ReconcileRequest.class))
			.isEqualTo(ReconcileRequest.of("scheduled"));
		assertThat(job(IdentitySyncRequest.KIND, Map.of()).request(IdentitySyncRequest.class).trigger())
			.isEqualTo("change");
		assertThat(job(GroupPushRequest.KIND, Map.of()).request(GroupPushRequest.class).trigger()).isEqualTo("groups");
		assertThat(job(ImportRequest.KIND, Map.of()).request(ImportRequest.class).trigger()).isEqualTo("manual");
	}

	@Test
	void syncsMergeAsTheQueueMergesJobs() {
		IdentitySyncRequest unassigned = new IdentitySyncRequest("app.user.unassign", "ev1", true, null);
		IdentitySyncRequest edited = new IdentitySyncRequest("user.account.update_profile", "ev2", false, null);
		assertThat(unassigned.merge(edited))
			.isEqualTo(new IdentitySyncRequest("user.account.update_profile", "ev2", true, null));
		Map<String, String> merged = new HashMap<>(stored(unassigned));
		merged.putAll(stored(edited));
		assertThat(job(IdentitySyncRequest.KIND, merged).request(IdentitySyncRequest.class))
			.isEqualTo(unassigned.merge(edited));
	}

}
