package dev.ferry.provisioning.internal.engine;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import dev.ferry.connector.Throttled;
import dev.ferry.provisioning.FakeWork;
import dev.ferry.provisioning.Operation;
import dev.ferry.provisioning.OperationStatus;
import dev.ferry.provisioning.RunKind;
import dev.ferry.provisioning.RunStatus;
import dev.ferry.provisioning.RunSummary;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.NewTenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.work.Job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every handler's run goes through {@link Runs#run}: however its work ends, the run does
 * not stay planning or applying (docs/provisioning.md, "Runs"). Before, a reconcile whose
 * work threw a checked exception (an applier thread's failure arrives as an
 * ExecutionException, an interrupted wait as an InterruptedException) left its run
 * applying until a later attempt of the job closed it as abandoned.
 */
@FerryIntegrationTest
@Import(FakeWork.class)
@TestPropertySource(properties = "ferry.roles=web")
class RunsIT {

	@Autowired
	Tenants tenants;

	@Autowired
	Runs runs;

	@Autowired
	ReconcileHandler reconcile;

	UUID tenant;

	@BeforeEach
	void tenant() {
		tenant = tenants
			.create(new NewTenant(TestTenants.uniqueSlug("runs"), "Runs Inc", TenantKind.CUSTOMER, null,
					"https://runs.okta.example", "ferry-portal", "secret", List.of()))
			.id();
	}

	<T> T as(Callable<T> work) {
		return TenantContext.call(tenant, work);
	}

	RunSummary run(UUID id) {
		return as(() -> runs.find(id)).orElseThrow();
	}

	static Operation.DisableAccount disable(int i) {
		return new Operation.DisableAccount("00u" + i, "sf" + i, "p" + i + "@runs.example");
	}

	@Test
	void workThatThrowsACheckedExceptionEndsItsRunFailed() {
		UUID[] id = new UUID[1];
		assertThatThrownBy(() -> as(() -> runs.run(RunKind.RECONCILE, "test", "all").track(scope -> {
			id[0] = scope.id();
			scope.record(disable(1), OperationStatus.APPLIED, null);
			throw new java.util.concurrent.ExecutionException("An applier stopped", new IllegalStateException());
		}))).hasMessageContaining("An applier stopped");
		RunSummary run = run(id[0]);
		assertThat(run.status()).isEqualTo(RunStatus.FAILED);
		assertThat(run.message()).isEqualTo("An applier stopped");
		assertThat(run.finishedAt()).isNotNull();
		// what it got through before it failed is the run's plan, so its progress is
		// whole
		assertThat(run.planned()).isEqualTo(1);
	}

	@Test
	void workThatThrowsAnErrorEndsItsRunFailed() {
		UUID[] id = new UUID[1];
		assertThatThrownBy(() -> as(() -> runs.run(RunKind.IMPORT, "test", "import").track(scope -> {
			id[0] = scope.id();
			throw new StackOverflowError();
		}))).isInstanceOf(StackOverflowError.class);
		assertThat(run(id[0]).status()).isEqualTo(RunStatus.FAILED);
		assertThat(run(id[0]).message()).isEqualTo("StackOverflowError");
	}

	@Test
	void aRunAnAdminStartedIsCarriedOnAndEndedByTheJob() throws Exception {
		UUID started = as(() -> runs.start(RunKind.DRY_RUN, "by Ada", RunStatus.PLANNING, "dry-run"));
		as(() -> runs.run(RunKind.DRY_RUN, "manual", "dry-run").planning().resuming(started).track(scope -> {
			assertThat(scope.id()).isEqualTo(started);
			scope.record(disable(1), OperationStatus.PLANNED, null);
			return RunScope.Ending.held("approve or reject");
		}));
		assertThat(run(started).status()).isEqualTo(RunStatus.HELD);
		assertThat(run(started).message()).isEqualTo("approve or reject");
	}

	@Test
	void aLazyRunIsWrittenOnlyWhenItDidSomethingOrFailed() throws Exception {
		int before = as(() -> runs.latest(100)).size();
		as(() -> runs.run(RunKind.GROUPS, "test", "all").lazily().track(scope -> RunScope.Ending.done()));
		assertThat(as(() -> runs.latest(100))).hasSize(before);
		assertThatThrownBy(() -> as(() -> runs.run(RunKind.GROUPS, "test", "all").lazily().track(scope -> {
			throw new IllegalStateException("Okta is unreachable");
		}))).hasMessage("Okta is unreachable");
		assertThat(as(() -> runs.latest(100))).hasSize(before + 1)
			.first()
			.satisfies(run -> assertThat(run.status()).isEqualTo(RunStatus.FAILED));
	}

	@Test
	void aThrottledSyncThatTriedNothingLeavesNoRunAndOneThatDidEndsFailed() {
		int before = as(() -> runs.latest(100)).size();
		Throttled wait = new Throttled("ShareFile", Duration.ofSeconds(30));
		assertThatThrownBy(
				() -> as(() -> runs.run(RunKind.PERSON, "test", "00u1").discardWhenThrottled().track(scope -> {
					scope.planned(1, 1, 0);
					throw wait;
				})))
			.isSameAs(wait);
		assertThat(as(() -> runs.latest(100))).hasSize(before);
		UUID[] id = new UUID[1];
		assertThatThrownBy(
				() -> as(() -> runs.run(RunKind.PERSON, "test", "00u1").discardWhenThrottled().track(scope -> {
					id[0] = scope.id();
					scope.record(disable(1), OperationStatus.APPLIED, null);
					throw wait;
				})))
			.isSameAs(wait);
		assertThat(run(id[0]).status()).isEqualTo(RunStatus.FAILED);
	}

	@Test
	void aReconcileWhoseWorkThrowsEndsTheRunTheAdminWatchesFailed() {
		// no connections: planning cannot reach Okta
		UUID started = as(() -> runs.start(RunKind.DRY_RUN, "by Ada", RunStatus.PLANNING, "dry-run"));
		Job job = new Job(UUID.randomUUID(), tenant, ReconcileRequest.KIND, "dry-run",
				JobRequestsTest.stored(new ReconcileRequest("manual", true, started, false, null)), 1);
		assertThatThrownBy(() -> as(() -> {
			reconcile.handle(job);
			return null;
		})).isInstanceOf(IllegalStateException.class);
		RunSummary run = run(started);
		assertThat(run.status()).isEqualTo(RunStatus.FAILED);
		assertThat(run.message()).contains("not connected");
	}

}
