package dev.ferry.mapping;

/**
 * A mapping expression that cannot be parsed, or (rarely) whose evaluation would exceed a
 * limit. The message says what is wrong and where, so the portal can show it beside the
 * field as is; the position lets it underline the spot.
 *
 * <p>
 * Positions count UTF-16 code units from 0, as Java and JavaScript strings do, so the
 * portal's editor can use them directly. Lines and columns count from 1.
 */
public class ExpressionException extends RuntimeException {

	private final String problem;

	private final String hint;

	private final int position;

	private final int line;

	private final int column;

	/**
	 * @param problem what is wrong, e.g. {@code "unknown function 'lowerr'"}
	 * @param hint how to fix it, e.g. {@code "did you mean 'lower'?"}, or null
	 * @param source the expression, used to turn the position into a line and column
	 * @param position 0-based index into source; source.length() means "at the end"
	 */
	public ExpressionException(String problem, String hint, String source, int position) {
		super(problem + " at " + position + (hint == null ? "" : "; " + hint));
		this.problem = problem;
		this.hint = hint;
		this.position = position;
		int line = 1;
		int lineStart = 0;
		int end = Math.min(position, source == null ? 0 : source.length());
		for (int i = 0; i < end; i++) {
			if (source.charAt(i) == '\n') {
				line++;
				lineStart = i + 1;
			}
		}
		this.line = line;
		this.column = position - lineStart + 1;
	}

	/** The problem alone, without position or hint. */
	public String problem() {
		return this.problem;
	}

	/** How to fix it, or null. */
	public String hint() {
		return this.hint;
	}

	/** 0-based index of the problem in the expression. */
	public int position() {
		return this.position;
	}

	/** 1-based line of the problem. */
	public int line() {
		return this.line;
	}

	/** 1-based column of the problem within its line. */
	public int column() {
		return this.column;
	}

}
