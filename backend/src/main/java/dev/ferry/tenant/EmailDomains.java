package dev.ferry.tenant;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.system.Refusal;
import dev.ferry.system.TenantContext;

/**
 * The e-mail domains that lead a person typing a work e-mail on the sign-in page to their
 * organisation. A domain leads to one organisation only, and is added only for a domain
 * the adding owner's own e-mail is at, as their organisation's identity provider verified
 * it at sign-in: nobody can divert another company's people to their own sign-in. An
 * organisation's first owner brings their domain with them.
 */
@Service
public class EmailDomains {

	/**
	 * Mail services anyone can have an address at: such a domain names no organisation.
	 */
	static final Set<String> PUBLIC_MAIL = Set.of("gmail.com", "googlemail.com", "outlook.com", "hotmail.com",
			"live.com", "msn.com", "yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
			"protonmail.com", "gmx.com", "gmx.de", "gmx.net", "web.de", "mail.com", "mail.ru", "yandex.ru",
			"yandex.com", "qq.com", "163.com", "zoho.com", "fastmail.com");

	private static final String DOMAIN = "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}";

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	EmailDomains(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/** The current organisation's domains, by name. */
	@Transactional(readOnly = true)
	public List<EmailDomain> list() {
		return jdbc
			.query("select domain, added_by, added_at from tenant_email_domain where tenant_id = ? order by domain",
					(row, i) -> new EmailDomain(row.getString(1), row.getString(2),
							row.getTimestamp(3) == null ? null : row.getTimestamp(3).toInstant()),
					TenantContext.require());
	}

	/**
	 * @param verifiedEmail the adding person's e-mail as their provider verified it at
	 * this sign-in; null when it sent none
	 * @throws Refusal when the domain is malformed, a public mail service, not the
	 * person's own, or another organisation's
	 */
	@Transactional
	public void add(String typed, String verifiedEmail, AuditEntry.Actor actor) {
		String domain = typed.strip().toLowerCase(Locale.ROOT);
		if (!domain.matches(DOMAIN)) {
			throw new Refusal("domains.flash.malformed");
		}
		if (PUBLIC_MAIL.contains(domain)) {
			throw new Refusal("domains.flash.publicMail", domain);
		}
		if (verifiedEmail == null || !domainOf(verifiedEmail).equals(domain)) {
			throw new Refusal("domains.flash.notYours", domain);
		}
		UUID tenant = TenantContext.require();
		List<UUID> holder = jdbc.queryForList("select tenant_id from tenant_email_domain where domain = ?", UUID.class,
				domain);
		if (!holder.isEmpty()) {
			throw new Refusal(holder.getFirst().equals(tenant) ? "domains.flash.already" : "domains.flash.taken",
					domain);
		}
		insert(tenant, domain, verifiedEmail);
		events.publishEvent(new Happened(tenant, actor, "signin.domain_added", "email_domain", domain,
				AuditEntry.Outcome.SUCCESS, Map.of("domain", domain)));
	}

	@Transactional
	public void remove(String domain, AuditEntry.Actor actor) {
		UUID tenant = TenantContext.require();
		int removed = jdbc.update("delete from tenant_email_domain where domain = ? and tenant_id = ?",
				domain.strip().toLowerCase(Locale.ROOT), tenant);
		if (removed > 0) {
			events.publishEvent(new Happened(tenant, actor, "signin.domain_removed", "email_domain", domain,
					AuditEntry.Outcome.SUCCESS, Map.of("domain", domain)));
		}
	}

	/**
	 * The first owner's verified e-mail domain leads to the organisation they created,
	 * unless it is a public mail service or already another organisation's.
	 */
	void claimForFirstOwner(UUID tenant, String verifiedEmail) {
		if (verifiedEmail == null || verifiedEmail.indexOf('@') < 0) {
			return;
		}
		String domain = domainOf(verifiedEmail);
		if (!domain.matches(DOMAIN) || PUBLIC_MAIL.contains(domain)) {
			return;
		}
		Integer held = jdbc.queryForObject("select count(*) from tenant_email_domain where domain = ?", Integer.class,
				domain);
		if (held != null && held == 0) {
			insert(tenant, domain, verifiedEmail);
			events.publishEvent(new Happened(tenant, AuditEntry.Actor.system(), "signin.domain_added", "email_domain",
					domain, AuditEntry.Outcome.SUCCESS, Map.of("domain", domain, "by", "first owner's sign-in")));
		}
	}

	private void insert(UUID tenant, String domain, String by) {
		jdbc.update("insert into tenant_email_domain (domain, tenant_id, added_by, added_at) values (?, ?, ?, ?)",
				domain, tenant, by.toLowerCase(Locale.ROOT), Timestamp.from(clock.instant()));
	}

	static String domainOf(String email) {
		return email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
	}

	/**
	 * @param addedBy null for domains recorded before Ferry kept who added them
	 */
	public record EmailDomain(String domain, String addedBy, Instant addedAt) {
	}

}
