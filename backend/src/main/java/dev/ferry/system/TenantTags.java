package dev.ferry.system;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How metrics and log lines name an organisation: by its slug, the name operators know it
 * by (the one in its portal URLs), rather than its id, which nobody can read on a
 * dashboard. A slug never changes once the organisation exists, so a series keeps its
 * name for the organisation's life, and there is one per organisation: the tag's values
 * are bounded by the number of organisations (docs/operations-monitoring.md,
 * "Cardinality").
 *
 * <p>
 * Slugs are read once per organisation and kept: the tenant table is not tenant-owned (no
 * row-level security), so this works on any thread.
 */
@Component
public class TenantTags {

	/** The tag (and MDC key) that names the organisation. */
	public static final String TAG = "tenant";

	/** The tag's value for work done for no organisation. */
	public static final String NONE = "none";

	private static final Logger log = LoggerFactory.getLogger(TenantTags.class);

	private final JdbcTemplate jdbc;

	private final Map<UUID, String> slugs = new ConcurrentHashMap<>();

	TenantTags(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The organisation's slug; its id when it cannot be read now (the database away),
	 * which is not kept, so the next call tries again.
	 */
	public String of(UUID tenant) {
		if (tenant == null) {
			return NONE;
		}
		String known = slugs.get(tenant);
		if (known != null) {
			return known;
		}
		try {
			List<String> found = jdbc.queryForList("select slug from tenant where id = ?", String.class, tenant);
			if (found.isEmpty()) {
				return tenant.toString();
			}
			slugs.put(tenant, found.get(0));
			return found.get(0);
		}
		catch (RuntimeException ex) {
			log.debug("Could not read the slug of tenant {}: {}", tenant, ex.toString());
			return tenant.toString();
		}
	}

	/**
	 * The slug of the thread's organisation ({@link TenantContext}), or {@link #NONE}.
	 */
	public String current() {
		return TenantContext.current().map(this::of).orElse(NONE);
	}

	/**
	 * Names the organisation in the thread's log lines (MDC {@value #TAG}) until the
	 * returned scope is closed, which restores what was there before.
	 */
	public static LogScope inLogs(String slug) {
		String previous = MDC.get(TAG);
		MDC.put(TAG, slug);
		return () -> {
			if (previous == null) {
				MDC.remove(TAG);
			}
			else {
				MDC.put(TAG, previous);
			}
		};
	}

	/** A log context that ends without a checked exception. */
	@FunctionalInterface
	public interface LogScope extends AutoCloseable {

		@Override
		void close();

	}

}
