package dev.ferry.system;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.springframework.context.MessageSourceResolvable;

/**
 * What is wrong, for a person to read: a key in messages.properties and its arguments,
 * never a sentence built in Java. A form's problems are these, keyed by field; a
 * {@link Refusal} carries one. Templates resolve it as the layout resolves a flash
 * ({@code #messages.msgWithParams(problem.code(), problem.getArguments())}); Java as any
 * {@link MessageSourceResolvable} ({@code messageSource.getMessage(problem, locale)}).
 * Serializable because a refused form may wait in the session as a flash.
 *
 * @param code the key in messages.properties
 * @param args the key's arguments, {0}, {1}, ... in order
 */
public record Problem(String code, List<Serializable> args) implements MessageSourceResolvable, Serializable {

	/**
	 * The key for a sentence written elsewhere and passed on whole, its one argument:
	 * what another module ({@code mapping}, {@code okta}, {@link AllowedHosts}) says is
	 * wrong, in its own words.
	 */
	public static final String DETAIL = "problem.detail";

	public Problem {
		Objects.requireNonNull(code, "code");
		args = List.copyOf(args);
	}

	public static Problem of(String code, Object... args) {
		return new Problem(code, serializable(args));
	}

	/** A sentence from elsewhere, passed on as it is ({@link #DETAIL}). */
	public static Problem detail(String sentence) {
		return of(DETAIL, sentence);
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
	 * The arguments as they can wait in a session. A missing one becomes empty text
	 * rather than the word "null".
	 */
	static List<Serializable> serializable(Object[] args) {
		return Arrays.stream(args).<Serializable>map(arg -> switch (arg) {
			case null -> "";
			case Serializable value -> value;
			default -> String.valueOf(arg);
		}).toList();
	}

}
