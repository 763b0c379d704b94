package dev.ferry.system;

import org.springframework.context.MessageSourceResolvable;

/**
 * A request Ferry refuses for a reason the person can act on ("the last owner cannot be
 * removed"), as a {@link Problem}: a message key and its arguments. Services throw it (or
 * a subclass naming the rule, such as {@code Members.MemberRuleException}); one
 * {@code @ControllerAdvice} in the portal shows it in the flash area, so no controller
 * catches refusals one by one, and no other exception (a framework's
 * {@link IllegalStateException}, say) is ever shown to people as if it were a message.
 * <p>
 * The exception's own message is the key, for logs; people read the resolved text.
 */
public class Refusal extends RuntimeException implements MessageSourceResolvable {

	private final Problem problem;

	public Refusal(String code, Object... args) {
		this(Problem.of(code, args));
	}

	public Refusal(Problem problem) {
		super(problem.code());
		this.problem = problem;
	}

	public Problem problem() {
		return problem;
	}

	@Override
	public String[] getCodes() {
		return problem.getCodes();
	}

	@Override
	public Object[] getArguments() {
		return problem.getArguments();
	}

	@Override
	public String getDefaultMessage() {
		return null;
	}

}
