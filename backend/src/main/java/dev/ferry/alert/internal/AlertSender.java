package dev.ferry.alert.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.alert.AlertKind;
import dev.ferry.system.AdvisoryLocks;
import dev.ferry.system.AllowedHosts;
import dev.ferry.system.FerryProperties;
import dev.ferry.system.SecretBox;
import dev.ferry.system.TenantContext;

/**
 * The one sender: in the process with the scheduler role that holds the alert lock, each
 * tick derives new alerts from durable state ({@code ferry_alerts_derive}: held runs,
 * dead jobs, failing connections, lasting throttling, and their deliveries to the
 * organisation and its MSP) and sends the deliveries that are due, per recipient
 * organisation under its own tenant context.
 *
 * <p>
 * Digest rule: per recipient, channel and kind, a message goes out as soon as it is due
 * when none went out in the last {@code digest-window}; otherwise its alerts wait until
 * the window since the last message has passed and then go together, as one digest. Test
 * alerts are never held. A message that fails is tried again with backoff, and given up
 * on (FAILED, with the reason on the settings page) after {@code max-attempts}.
 */
@Component
@EnableScheduling
class AlertSender {

	private static final Logger log = LoggerFactory.getLogger(AlertSender.class);

	private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final TransactionTemplate outer;

	private final TransactionTemplate inner;

	private final AdvisoryLocks locks;

	private final FerryProperties ferry;

	private final AlertProperties properties;

	private final AlertMessages messages;

	private final ObjectProvider<JavaMailSender> mail;

	private final SecretBox secrets;

	private final AllowedHosts hosts;

	private final JsonMapper json;

	private final Clock clock;

	private final HttpClient http;

	private volatile Instant lastPurge = Instant.EPOCH;

	AlertSender(JdbcTemplate jdbc, TransactionTemplate transactions, AdvisoryLocks locks, FerryProperties ferry,
			AlertProperties properties, AlertMessages messages, ObjectProvider<JavaMailSender> mail, SecretBox secrets,
			AllowedHosts hosts, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.outer = new TransactionTemplate(transactions.getTransactionManager());
		this.inner = new TransactionTemplate(transactions.getTransactionManager());
		this.inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.locks = locks;
		this.ferry = ferry;
		this.properties = properties;
		this.messages = messages;
		this.mail = mail;
		this.secrets = secrets;
		this.hosts = hosts;
		this.json = json;
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.webhookTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	@Scheduled(fixedDelayString = "${ferry.alerts.tick:5s}", initialDelayString = "3s")
	void tick() {
		if (!ferry.runs(FerryProperties.Role.SCHEDULER)) {
			return;
		}
		try {
			outer.executeWithoutResult(status -> {
				// the outer transaction only holds the lock; derive and each recipient's
				// sending commit on their own, so a failure in one loses nothing of the
				// others
				if (!locks.tryLock(AdvisoryLocks.Space.ALERT_SENDER)) {
					return;
				}
				Integer made = inner.execute(tx -> jdbc.queryForObject("select ferry_alerts_derive(?::interval)",
						Integer.class, properties.overlap().toMillis() + " milliseconds"));
				if (made != null && made > 0) {
					log.info("{} new alert(s)", made);
				}
				if (clock.instant().isAfter(lastPurge.plus(Duration.ofHours(1)))) {
					inner.execute(tx -> jdbc.queryForObject("select ferry_alerts_purge(?::interval)", Integer.class,
							properties.keep().toSeconds() + " seconds"));
					lastPurge = clock.instant();
				}
				for (UUID recipient : jdbc.queryForList("select tenant_id from ferry_alerts_due()", UUID.class)) {
					TenantContext.run(recipient, () -> inner.executeWithoutResult(tx -> deliver()));
				}
			});
		}
		catch (RuntimeException ex) {
			// the next tick tries again: everything it needs is in the database
			log.warn("Alert tick failed: {}", ex.toString());
		}
	}

	/** A delivery row, as the sender reads it. */
	private record Due(long id, AlertKind kind, String channel, AlertMessages.Item item, int attempts) {

	}

	/**
	 * The current recipient organisation's due deliveries, one message per channel and
	 * kind.
	 */
	private void deliver() {
		Map<String, Object> settings = jdbc.queryForList("select emails, webhook_url from alert_settings")
			.stream()
			.findFirst()
			.orElse(Map.of());
		List<Due> due = jdbc.query(
				"select id, kind, channel, source_name, details::text, link, attempts from alert_delivery "
						+ "where status = 'PENDING' and next_at <= now() order by id limit 2000 for update skip locked",
				(rows, i) -> new Due(rows.getLong(1), AlertKind.valueOf(rows.getString(2)), rows.getString(3),
						new AlertMessages.Item(rows.getString(4), json.readValue(rows.getString(5), DETAILS),
								rows.getString(6)),
						rows.getInt(7)));
		Map<String, List<Due>> batches = new LinkedHashMap<>();
		for (Due delivery : due) {
			batches.computeIfAbsent(delivery.channel() + " " + delivery.kind().name(), key -> new ArrayList<>())
				.add(delivery);
		}
		Instant now = clock.instant();
		for (List<Due> batch : batches.values()) {
			AlertKind kind = batch.get(0).kind();
			String channel = batch.get(0).channel();
			if (kind != AlertKind.TEST) {
				Optional<Instant> windowEnds = jdbc
					.queryForList("select sent_at from alert_last_sent where channel = ? and kind = ?", Timestamp.class,
							channel, kind.name())
					.stream()
					.findFirst()
					.map(last -> last.toInstant().plus(properties.digestWindow()))
					.filter(now::isBefore);
				if (windowEnds.isPresent()) {
					// within the window of the last message: collected into the digest
					// sent when it ends
					jdbc.update("update alert_delivery set next_at = ? where id = any(?)",
							Timestamp.from(windowEnds.get()), ids(batch));
					continue;
				}
			}
			AlertMessages.Message message = messages.compose(kind, batch.stream().map(Due::item).toList());
			try {
				send(channel, settings, message);
			}
			catch (Exception ex) {
				failed(batch, ex);
				continue;
			}
			jdbc.update(
					"update alert_delivery set status = 'SENT', sent_at = ?, attempts = attempts + 1, batch_size = ?, "
							+ "last_error = null where id = any(?)",
					Timestamp.from(now), batch.size(), ids(batch));
			if (kind != AlertKind.TEST) {
				jdbc.update(
						"insert into alert_last_sent (tenant_id, channel, kind, sent_at) values (?, ?, ?, ?) "
								+ "on conflict (tenant_id, channel, kind) do update set sent_at = excluded.sent_at",
						TenantContext.require(), channel, kind.name(), Timestamp.from(now));
			}
		}
	}

	private void send(String channel, Map<String, Object> settings, AlertMessages.Message message) throws Exception {
		if ("EMAIL".equals(channel)) {
			String emails = (String) settings.get("emails");
			if (emails == null || emails.isBlank()) {
				throw new Undeliverable("No e-mail recipients any more.");
			}
			JavaMailSender sender = mail.getIfAvailable();
			if (sender == null) {
				throw new IllegalStateException("No SMTP server is configured (spring.mail.host).");
			}
			SimpleMailMessage mailMessage = new SimpleMailMessage();
			mailMessage.setFrom(properties.mailFrom());
			mailMessage.setTo(emails.split(",\\s*"));
			mailMessage.setSubject(message.subject());
			mailMessage.setText(message.text());
			sender.send(mailMessage);
			return;
		}
		String sealed = (String) settings.get("webhook_url");
		if (sealed == null) {
			throw new Undeliverable("No webhook address any more.");
		}
		URI uri = URI.create(secrets.decrypt(sealed));
		// checked again when sending: a name may have come to point inside
		Optional<String> problem = hosts.problemWithProvider(uri.getScheme() + "://" + uri.getRawAuthority())
			.map(p -> "The webhook's address is not allowed (" + p.code() + ").");
		if (problem.isPresent()) {
			throw new IllegalStateException(problem.get());
		}
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
			.timeout(properties.webhookTimeout())
			.header("Content-Type", "application/json")
			.header("User-Agent", "Ferry alerts")
			.POST(HttpRequest.BodyPublishers.ofString(messages.webhookJson(message)))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() / 100 != 2) {
			String body = response.body() == null ? "" : response.body();
			throw new IllegalStateException("The webhook answered " + response.statusCode() + ": "
					+ (body.length() > 200 ? body.substring(0, 200) : body));
		}
	}

	private void failed(List<Due> batch, Exception ex) {
		if (ex instanceof InterruptedException) {
			Thread.currentThread().interrupt();
		}
		String reason = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
		reason = reason.length() > 500 ? reason.substring(0, 500) : reason;
		int attempts = batch.get(0).attempts() + 1;
		boolean giveUp = ex instanceof Undeliverable || attempts >= properties.maxAttempts();
		long delay = Math.min(Duration.ofHours(1).toMillis(),
				properties.retryBase().toMillis() << Math.min(20, Math.max(0, attempts - 1)));
		log.warn("Alert {} message ({} alert(s)) failed on attempt {}{}: {}", batch.get(0).channel(), batch.size(),
				attempts, giveUp ? ", giving up" : "", reason);
		jdbc.update(
				"update alert_delivery set attempts = attempts + 1, last_error = ?, status = ?, next_at = ? where id = any(?)",
				reason, giveUp ? "FAILED" : "PENDING", Timestamp.from(clock.instant().plusMillis(delay)), ids(batch));
	}

	private static Long[] ids(List<Due> batch) {
		return batch.stream().map(Due::id).toArray(Long[]::new);
	}

	/** Nothing to send it to any more: not worth retrying. */
	private static final class Undeliverable extends Exception {

		Undeliverable(String message) {
			super(message);
		}

	}

}
