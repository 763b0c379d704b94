package dev.ferry.portal;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.ui.Model;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.system.Problem;

/**
 * The message the base layout's flash area shows once: a key in messages.properties and
 * its arguments, never text built in Java, so every word the portal shows stays in the
 * message bundle. The layout resolves it with the request's locale
 * ({@code fragments/layout.html}).
 * <p>
 * It is a {@link MessageSourceResolvable}, so Java (tests, for one) resolves it the same
 * way: {@code messageSource.getMessage(flash, locale)}. An argument may itself be a
 * {@link MessageSourceResolvable} (a role's name mid-sentence, say); Spring resolves it
 * first. Serializable because a flash waits in the HTTP session for the redirect's GET.
 *
 * @param kind how the message is shown; the layout's CSS class is {@code flash-} and the
 * kind
 * @param code the key in messages.properties
 * @param args the key's arguments, {0}, {1}, ... in order
 */
public record Flash(Kind kind, String code, List<Serializable> args) implements MessageSourceResolvable, Serializable {

	/** The model (and flash) attribute the layout reads. */
	public static final String ATTRIBUTE = "flash";

	/**
	 * The key for text that comes whole from elsewhere and is already a sentence for
	 * people, its one argument: a domain rule's refusal (an exception's message), a
	 * connector's test summary. Those sentences are written where the rule or the
	 * connector lives; the bundle only passes them on.
	 */
	public static final String DETAIL = "flash.detail";

	public enum Kind {

		SUCCESS, ERROR

	}

	public Flash {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(code, "code");
		args = List.copyOf(args);
	}

	public static Flash success(String code, Object... args) {
		return new Flash(Kind.SUCCESS, code, serializable(args));
	}

	public static Flash error(String code, Object... args) {
		return new Flash(Kind.ERROR, code, serializable(args));
	}

	/** A refusal's or a form's problem, shown as an error. */
	public static Flash error(Problem problem) {
		return new Flash(Kind.ERROR, problem.code(), problem.args());
	}

	/** Shown on the page the redirect leads to (post/redirect/get). */
	public void showAfterRedirect(RedirectAttributes redirect) {
		redirect.addFlashAttribute(ATTRIBUTE, this);
	}

	/**
	 * Shown on the page rendered now, for a POST that renders its form again instead of
	 * redirecting (a refused save keeps what was typed).
	 */
	public void showNow(Model model) {
		model.addAttribute(ATTRIBUTE, this);
	}

	@Override
	public String[] getCodes() {
		return new String[] { code };
	}

	@Override
	public Object[] getArguments() {
		return args.toArray();
	}

	@Override
	public String getDefaultMessage() {
		return null;
	}

	/**
	 * The arguments as they can wait in the session. A missing one (an exception without
	 * a message) becomes empty text rather than the word "null".
	 */
	private static List<Serializable> serializable(Object[] args) {
		return Arrays.stream(args).<Serializable>map(arg -> switch (arg) {
			case null -> "";
			case Serializable value -> value;
			default -> String.valueOf(arg);
		}).toList();
	}

}
