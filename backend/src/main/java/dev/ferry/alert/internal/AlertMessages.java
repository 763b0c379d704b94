package dev.ferry.alert.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import dev.ferry.alert.AlertKind;
import dev.ferry.system.FerryProperties;

/**
 * What an alert message says: its subject and text (the e-mail) and the webhook's JSON.
 * The words come from messages.properties like the portal's; every alert names its
 * organisation (a customer, in an MSP's messages) and links, absolutely, to the page that
 * resolves it.
 */
@Component
class AlertMessages {

	/** More alerts than this in one digest are counted, not listed. */
	static final int LISTED = 50;

	private final MessageSource messages;

	private final JsonMapper json;

	private final String base;

	AlertMessages(MessageSource messages, JsonMapper json, FerryProperties ferry) {
		this.messages = messages;
		this.json = json;
		this.base = ferry.publicBase();
	}

	/** One alert of a batch, as its delivery row carries it. */
	record Item(String organisation, Map<String, Object> details, String link) {

	}

	/** A message about one alert, or a digest of several of one kind. */
	record Message(String subject, String text) {

	}

	Message compose(AlertKind kind, List<Item> items) {
		String title = text("alerts.title." + kind.name());
		String subject = items.size() == 1 ? text("alerts.mail.subject.one", items.get(0).organisation(), title)
				: text("alerts.mail.subject.digest", items.size(), title);
		StringBuilder body = new StringBuilder();
		body.append(items.size() == 1 ? text("alerts.mail.intro.one") : text("alerts.mail.intro.digest", items.size()))
			.append("\n\n");
		for (Item item : items.subList(0, Math.min(LISTED, items.size()))) {
			body.append("• ")
				.append(item.organisation())
				.append(": ")
				.append(line(kind, item.details()))
				.append('\n')
				.append("  ")
				.append(text("alerts.mail.resolve", url(item.link())))
				.append("\n\n");
		}
		if (items.size() > LISTED) {
			body.append(text("alerts.mail.more", items.size() - LISTED)).append("\n\n");
		}
		body.append("-- \n").append(text("alerts.mail.footer"));
		return new Message(subject, body.toString());
	}

	/**
	 * Slack's and Teams' incoming webhooks both take {@code {"text": ...}} and link bare
	 * URLs; no markup, which the two write differently.
	 */
	String webhookJson(Message message) {
		return json.writeValueAsString(Map.of("text", message.subject() + "\n\n" + message.text()));
	}

	String url(String link) {
		return base + link;
	}

	private String line(AlertKind kind, Map<String, Object> details) {
		List<Object> args = new ArrayList<>();
		switch (kind) {
			case HELD_PLAN -> {
				args.add(details.getOrDefault("held", 0));
				args.add(details.getOrDefault("message", ""));
			}
			case DEAD_LETTER -> {
				args.add(details.getOrDefault("jobKind", ""));
				args.add(details.getOrDefault("key", ""));
				args.add(details.getOrDefault("errorKind", ""));
				args.add(details.getOrDefault("message", ""));
			}
			case CONNECTION_FAILING -> {
				args.add(details.getOrDefault("parts", ""));
				args.add(details.getOrDefault("why", ""));
			}
			case THROTTLED -> {
				args.add(details.getOrDefault("jobs", 0));
				args.add(details.getOrDefault("minutes", 0));
			}
			case TEST -> args.add(details.getOrDefault("by", ""));
		}
		return text("alerts.line." + kind.name(), args.toArray());
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, Locale.ENGLISH);
	}

}
