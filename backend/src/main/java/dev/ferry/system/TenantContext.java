package dev.ferry.system;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Whose data the current thread works on. Set by the web layer for tenant-scoped requests
 * and by workers for each job; read by Hibernate ({@code @TenantId}) and by the data
 * source, which tells PostgreSQL so row-level security can filter too. With no tenant
 * set, tenant-owned rows are invisible.
 */
public final class TenantContext {

	private static final ThreadLocal<UUID> CURRENT = new ThreadLocal<>();

	private TenantContext() {
	}

	public static Optional<UUID> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	public static UUID require() {
		UUID tenant = CURRENT.get();
		if (tenant == null) {
			throw new IllegalStateException("No tenant is set for this work");
		}
		return tenant;
	}

	/** Runs {@code work} as the given tenant and restores whatever was set before. */
	public static <T> T call(UUID tenant, Callable<T> work) {
		UUID previous = CURRENT.get();
		CURRENT.set(tenant);
		try {
			return work.call();
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			restore(previous);
		}
	}

	public static void run(UUID tenant, Runnable work) {
		call(tenant, () -> {
			work.run();
			return null;
		});
	}

	/**
	 * For the web layer, which sets the tenant at the start of a request and clears it at
	 * the end.
	 */
	public static void set(UUID tenant) {
		CURRENT.set(tenant);
	}

	public static void clear() {
		CURRENT.remove();
	}

	private static void restore(UUID previous) {
		if (previous == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(previous);
		}
	}

}
