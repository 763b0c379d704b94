package dev.ferry.provisioning.internal.scim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.provisioning.internal.engine.Links;
import dev.ferry.system.TenantContext;

/**
 * Passwords sent with a SCIM create, waiting for the account the person's sync makes
 * (docs/scim.md). They are held only in this process's memory — never written to the
 * database, Redis or a log — for at most {@link #KEPT}, and set on the account as soon as
 * it is linked, so a create is answered at once even while the target is throttled or
 * down. A password whose account does not come in time, or that this process cannot hold
 * (more than {@link #MAX} waiting, or the process stops), is not set, and the audit trail
 * says so; the identity provider's next password change sets one.
 */
@Component
class PendingPasswords {

	/** Long enough for an initial push through a throttled target. */
	static final Duration KEPT = Duration.ofMinutes(15);

	/** What one process holds at most (a few MB). */
	static final int MAX = 50_000;

	private static final Logger log = LoggerFactory.getLogger(PendingPasswords.class);

	private final Map<Key, Waiting> waiting = new ConcurrentHashMap<>();

	private final ScimPasswords passwords;

	private final Links links;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	PendingPasswords(ScimPasswords passwords, Links links, ApplicationEventPublisher events, Clock clock) {
		this.passwords = passwords;
		this.links = links;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Sets the password once the current organisation's person has an account: at once
	 * when they do already.
	 */
	void setOnceCreated(String person, String login, String password, AuditEntry.Actor actor) {
		if (!passwords.pushing()) {
			return;
		}
		if (passwords.account(person).isPresent()) {
			passwords.set(person, login, password, actor);
			return;
		}
		UUID tenant = TenantContext.require();
		if (waiting.size() >= MAX) {
			notSet(tenant, person, actor, "too many passwords waiting for their accounts");
			return;
		}
		waiting.put(new Key(tenant, person), new Waiting(login, password, actor, clock.instant().plus(KEPT)));
	}

	/** How many passwords wait in this process (for tests and metrics). */
	int size() {
		return waiting.size();
	}

	/**
	 * Sets the passwords whose accounts have been made since the last tick, one query per
	 * organisation; forgets those past their time.
	 */
	@Scheduled(fixedDelayString = "${ferry.scim.pending-password-tick:250ms}", initialDelay = 1000)
	void setWhereCreated() {
		if (waiting.isEmpty()) {
			return;
		}
		Map<UUID, List<Key>> byTenant = waiting.keySet().stream().collect(Collectors.groupingBy(Key::tenant));
		byTenant.forEach((tenant, keys) -> {
			try {
				TenantContext.run(tenant, () -> setFor(keys));
			}
			catch (RuntimeException ex) {
				// the database or the target failing now: the passwords wait for the
				// next tick
				log.warn("Setting waiting SCIM passwords failed for tenant {}: {}", tenant, ex.toString());
			}
		});
	}

	private void setFor(List<Key> keys) {
		Instant now = clock.instant();
		Set<String> linked = links.linked(keys.stream().map(Key::person).toList());
		List<Key> done = new ArrayList<>();
		for (Key key : keys) {
			Waiting password = waiting.get(key);
			if (password == null) {
				continue;
			}
			if (linked.contains(key.person())) {
				var refused = passwords.set(key.person(), password.login(), password.password(), password.actor());
				// a busy or unreachable target is asked again at the next tick; a
				// refusal is final (and audited)
				if (refused.isEmpty() || refused.get().status() != 503) {
					done.add(key);
					continue;
				}
			}
			if (now.isAfter(password.until())) {
				notSet(key.tenant(), key.person(), password.actor(),
						"the account was not created within " + KEPT.toMinutes() + " minutes");
				done.add(key);
			}
		}
		done.forEach(waiting::remove);
	}

	private void notSet(UUID tenant, String person, AuditEntry.Actor actor, String why) {
		events.publishEvent(new Happened(tenant, actor, "provisioning.set_password", "identity", person,
				AuditEntry.Outcome.FAILURE, Map.of("error", why))
			.evenIfRolledBack());
	}

	private record Key(UUID tenant, String person) {
	}

	/** The password itself, the only copy, in this process's memory. */
	private record Waiting(String login, String password, AuditEntry.Actor actor, Instant until) {

		@Override
		public String toString() {
			// never in a log or a debugger's summary
			return "Waiting[" + login + ", until " + until + "]";
		}

	}

}
