package dev.ferry.work.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import dev.ferry.system.TenantContext;
import dev.ferry.work.Job;
import dev.ferry.work.JobHandler;

/**
 * The job handler the work tests enqueue for ({@value #KIND}). It is a component in the
 * test sources, so every application context of a test run has it: whichever context's
 * worker takes a job, the call is recorded here, in static state keyed by the job's key
 * (tests use unique keys). A test scripts what a key's job does with {@link #behave}; by
 * default a job whose payload names a {@code gate} waits for a pass through that gate
 * ({@link #gate}), so a test decides when jobs finish instead of guessing how long they
 * take, and other jobs return at once.
 */
@Component
public class TestJobs implements JobHandler {

	public static final String KIND = "test.job";

	private static final Map<String, List<Call>> CALLS = new ConcurrentHashMap<>();

	private static final Map<String, Behaviour> BEHAVIOURS = new ConcurrentHashMap<>();

	private static final Map<String, Semaphore> GATES = new ConcurrentHashMap<>();

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public void handle(Job job) throws Exception {
		long start = System.nanoTime();
		UUID tenant = TenantContext.require();
		try {
			Behaviour behaviour = BEHAVIOURS.get(job.key());
			if (behaviour != null) {
				behaviour.run(job);
			}
			else {
				passGate(job);
			}
		}
		finally {
			CALLS.computeIfAbsent(job.key(), k -> new CopyOnWriteArrayList<>())
				.add(new Call(job, tenant, start, System.nanoTime(), Thread.currentThread().getName()));
		}
	}

	/**
	 * The gate a job names in its payload ({@code gate}): closed until the test lets jobs
	 * through with {@link Semaphore#release(int)}, one pass per job.
	 */
	public static Semaphore gate(String name) {
		return GATES.computeIfAbsent(name, n -> new Semaphore(0));
	}

	private static void passGate(Job job) throws InterruptedException {
		String gate = job.payload().get("gate");
		if (gate != null && !gate(gate).tryAcquire(2, TimeUnit.MINUTES)) {
			throw new IllegalStateException("gate " + gate + " was never opened for " + job.key());
		}
	}

	public static void behave(String key, Behaviour behaviour) {
		BEHAVIOURS.put(key, behaviour);
	}

	public static List<Call> calls(String key) {
		return List.copyOf(CALLS.getOrDefault(key, List.of()));
	}

	public static int callCount(String key) {
		return CALLS.getOrDefault(key, List.of()).size();
	}

	/**
	 * One finished call: the job as handed over, the tenant that was set, and when
	 * (System.nanoTime).
	 */
	public record Call(Job job, UUID tenant, long startNanos, long endNanos, String thread) {

	}

	@FunctionalInterface
	public interface Behaviour {

		void run(Job job) throws Exception;

	}

}
