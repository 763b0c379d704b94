package dev.ferry.alert;

import java.net.URI;
import java.sql.Array;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Diff;
import dev.ferry.audit.Happened;
import dev.ferry.system.AllowedHosts;
import dev.ferry.system.Problem;
import dev.ferry.system.Refusal;
import dev.ferry.system.SecretBox;
import dev.ferry.system.TenantContext;

/**
 * The current organisation's alert settings, its test alert and its recent alerts. Every
 * query is the current tenant's (row-level security): an MSP's page lists its customers'
 * alerts through the deliveries made to the MSP itself, never by reading the customers'
 * rows.
 */
@Service
public class Alerts {

	/** More would be a mailing list's job. */
	static final int MAX_RECIPIENTS = 20;

	private static final Pattern EMAIL = Pattern.compile("^[^@\\s,;<>\"]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$");

	private final JdbcTemplate jdbc;

	private final SecretBox secrets;

	private final AllowedHosts hosts;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Alerts(JdbcTemplate jdbc, SecretBox secrets, AllowedHosts hosts, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.hosts = hosts;
		this.events = events;
		this.clock = clock;
	}

	/** The current organisation's settings; {@link AlertSettings#none()} until saved. */
	@Transactional(readOnly = true)
	public AlertSettings settings() {
		return jdbc.query("select emails, webhook_host, kinds, throttle_minutes from alert_settings", (rows, i) -> {
			Array kinds = rows.getArray(3);
			Set<AlertKind> chosen = EnumSet.noneOf(AlertKind.class);
			for (Object kind : (Object[]) kinds.getArray()) {
				chosen.add(AlertKind.valueOf((String) kind));
			}
			return new AlertSettings(recipients(rows.getString(1)), rows.getString(2), chosen, rows.getInt(4));
		}).stream().findFirst().orElse(AlertSettings.none());
	}

	/**
	 * Saves the settings, or refuses them all with the first problem (nothing saved, the
	 * refusal audited).
	 * @param emails recipients separated by commas, semicolons or line breaks
	 * @param webhookUrl a new webhook address; blank keeps the one set
	 * @param removeWebhook forget the webhook address
	 * @param kinds the names of the kinds to send
	 * @param throttleMinutes the throttling threshold, as typed
	 */
	@Transactional
	public void save(String emails, String webhookUrl, boolean removeWebhook, List<String> kinds,
			String throttleMinutes, AuditEntry.Actor actor) {
		UUID tenant = TenantContext.require();
		List<String> recipients = recipients(emails);
		Optional<Problem> problem = recipientsProblem(recipients);
		String url = webhookUrl == null ? "" : webhookUrl.strip();
		if (problem.isEmpty() && !url.isEmpty()) {
			problem = webhookProblem(url);
		}
		Set<AlertKind> chosen = EnumSet.noneOf(AlertKind.class);
		for (String kind : kinds == null ? List.<String>of() : kinds) {
			AlertKind known = AlertKind.choosable()
				.stream()
				.filter(k -> k.name().equals(kind))
				.findFirst()
				.orElse(null);
			if (known == null && problem.isEmpty()) {
				problem = Optional.of(Problem.of("alerts.problem.kind"));
			}
			if (known != null) {
				chosen.add(known);
			}
		}
		int minutes = 0;
		try {
			minutes = Integer.parseInt(throttleMinutes == null ? "" : throttleMinutes.strip());
		}
		catch (NumberFormatException ex) {
			// refused below
		}
		if ((minutes < 1 || minutes > 1440) && problem.isEmpty()) {
			problem = Optional.of(Problem.of("alerts.problem.throttleMinutes"));
		}
		if (problem.isPresent()) {
			events.publishEvent(
					new Happened(tenant, actor, "alerts.settings_changed", "alert_settings", tenant.toString(),
							AuditEntry.Outcome.FAILURE, Map.of("problem", problem.get().code()))
						.evenIfRolledBack());
			throw new Refusal(problem.get());
		}
		AlertSettings before = settings();
		String host = url.isEmpty() ? null : URI.create(url).getHost();
		String kindList = String.join(",", chosen.stream().map(Enum::name).toList());
		int updated = jdbc.update(
				"update alert_settings set emails = ?, kinds = string_to_array(?, ','), throttle_minutes = ?, "
						+ "webhook_url = case when cast(? as boolean) then null when cast(? as text) is not null "
						+ "then cast(? as text) else webhook_url end, "
						+ "webhook_host = case when cast(? as boolean) then null when cast(? as text) is not null "
						+ "then cast(? as text) else webhook_host end, " + "updated_at = ?, version = version + 1",
				String.join(", ", recipients), kindList, minutes, removeWebhook, host,
				host == null ? null : secrets.encrypt(url), removeWebhook, host, host, Timestamp.from(clock.instant()));
		if (updated == 0) {
			jdbc.update(
					"insert into alert_settings (tenant_id, emails, webhook_url, webhook_host, kinds, throttle_minutes, "
							+ "updated_at) values (?, ?, ?, ?, string_to_array(?, ','), ?, ?)",
					tenant, String.join(", ", recipients), host == null || removeWebhook ? null : secrets.encrypt(url),
					removeWebhook ? null : host, kindList, minutes, Timestamp.from(clock.instant()));
		}
		AlertSettings after = settings();
		Map<String, Object> changes = new LinkedHashMap<>();
		changes.put("emails", Diff.value(String.join(", ", before.emails()), String.join(", ", after.emails())));
		changes.put("kinds", Diff.value(names(before.kinds()), names(after.kinds())));
		changes.put("throttleMinutes", Diff.value(before.throttleMinutes(), after.throttleMinutes()));
		if (host != null || removeWebhook) {
			// the address is a secret: only that it changed, and its host
			changes.put("webhook", Diff.value(before.webhookHost(), after.webhookHost()));
		}
		events.publishEvent(new Happened(tenant, actor, "alerts.settings_changed", "alert_settings", tenant.toString(),
				AuditEntry.Outcome.SUCCESS, changes));
	}

	/**
	 * Records a test alert for the current organisation; the sender delivers it to this
	 * organisation's recipients within seconds, outside any digest.
	 * @return false when there is nobody to send it to
	 */
	@Transactional
	public boolean sendTest(AuditEntry.Actor actor) {
		UUID tenant = TenantContext.require();
		AlertSettings settings = settings();
		if (settings.emails().isEmpty() && !settings.webhookSet()) {
			return false;
		}
		UUID id = UUID.randomUUID();
		Timestamp now = Timestamp.from(clock.instant());
		String slug = jdbc.queryForObject("select slug from tenant where id = ?", String.class, tenant);
		jdbc.update(
				"insert into alert (id, tenant_id, kind, subject, details, link, occurred_at, created_at) "
						+ "values (?, ?, 'TEST', ?, cast(? as jsonb), ?, ?, ?)",
				id, tenant, "test@" + id, "{\"by\":\"" + jsonText(actor.name()) + "\"}", "/t/" + slug + "/alerts", now,
				now);
		events.publishEvent(new Happened(tenant, actor, "alerts.test_sent", "alert", id.toString(),
				AuditEntry.Outcome.SUCCESS, Map.of()));
		return true;
	}

	/**
	 * The newest alerts this organisation hears of: its own (with what became of its own
	 * messages about them) and, for an MSP, its customers' that were sent to it. Both
	 * halves read the newest rows by index (an alert has at most two deliveries per
	 * recipient), never a whole history.
	 */
	@Transactional(readOnly = true)
	public List<RecentAlert> recent(int limit) {
		UUID tenant = TenantContext.require();
		return jdbc.query(
				"""
						select * from (
						  select a.occurred_at, a.kind, t.display_name as organisation, true as own, a.link,
						         (select case when count(*) = 0 then 'NONE' when bool_or(d.status = 'FAILED') then 'FAILED'
						                      when bool_or(d.status = 'PENDING') then 'PENDING' else 'SENT' end
						            from alert_delivery d where d.alert_id = a.id) as delivery,
						         (select d.last_error from alert_delivery d where d.alert_id = a.id and d.last_error is not null
						           order by d.id desc limit 1) as last_error
						    from alert a join tenant t on t.id = a.tenant_id
						   order by a.created_at desc limit ?) own
						union all
						select * from (
						  select max(d.occurred_at), max(d.kind), max(d.source_name), false, max(d.link),
						         case when bool_or(d.status = 'FAILED') then 'FAILED' when bool_or(d.status = 'PENDING') then 'PENDING'
						              else 'SENT' end,
						         max(d.last_error)
						    from (select * from alert_delivery where source_tenant_id <> ?
						          order by created_at desc limit ? * 2) d
						   group by d.alert_id order by max(d.created_at) desc limit ?) customers
						order by 1 desc limit ?""",
				(rows, i) -> new RecentAlert(rows.getTimestamp(1).toInstant(), AlertKind.valueOf(rows.getString(2)),
						rows.getString(3), rows.getBoolean(4), rows.getString(5),
						RecentAlert.Delivery.valueOf(rows.getString(6)), rows.getString(7)),
				limit, tenant, limit, limit, limit);
	}

	/** Recipients as typed: separated by commas, semicolons, spaces or line breaks. */
	static List<String> recipients(String typed) {
		if (typed == null || typed.isBlank()) {
			return List.of();
		}
		Set<String> unique = new LinkedHashSet<>();
		Arrays.stream(typed.split("[,;\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).forEach(unique::add);
		return new ArrayList<>(unique);
	}

	static Optional<Problem> recipientsProblem(List<String> recipients) {
		if (recipients.size() > MAX_RECIPIENTS) {
			return Optional.of(Problem.of("alerts.problem.tooManyRecipients", MAX_RECIPIENTS));
		}
		for (String recipient : recipients) {
			if (recipient.length() > 254 || !EMAIL.matcher(recipient).matches()) {
				return Optional.of(Problem.of("alerts.problem.email", recipient));
			}
		}
		return Optional.empty();
	}

	/**
	 * A webhook is any public https address (Slack's and Teams' incoming webhooks), or
	 * one the operator allows ({@code ferry.allowed-hosts}); never an internal one. Its
	 * query (Teams workflows sign theirs there) is not checked, only kept.
	 */
	Optional<Problem> webhookProblem(String url) {
		if (url.length() > 2000) {
			return Optional.of(Problem.of("hosts.problem.tooLong"));
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (java.net.URISyntaxException ex) {
			return Optional.of(Problem.of("hosts.problem.notAnAddress"));
		}
		if (uri.getScheme() == null || uri.getRawAuthority() == null) {
			return Optional.of(Problem.of("hosts.problem.notAnAddress"));
		}
		if (uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
			return Optional.of(Problem.of("alerts.problem.webhookExtras"));
		}
		// the rule is about where it goes: scheme, host and port
		return hosts.problemWithProvider(uri.getScheme() + "://" + uri.getRawAuthority()).map(Alerts::forWebhooks);
	}

	/** AllowedHosts speaks of identity providers; the same rule, said of webhooks. */
	private static Problem forWebhooks(Problem problem) {
		return switch (problem.code()) {
			case "hosts.problem.providerHttps" -> Problem.of("alerts.problem.webhookHttps");
			case "hosts.problem.providerPort" -> Problem.of("alerts.problem.webhookPort");
			case "hosts.problem.private" -> Problem.of("alerts.problem.webhookPrivate", problem.getArguments());
			default -> problem;
		};
	}

	private static String names(Set<AlertKind> kinds) {
		return String.join(", ", AlertKind.choosable().stream().filter(kinds::contains).map(Enum::name).toList());
	}

	private static String jsonText(String value) {
		return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", " ");
	}

}
