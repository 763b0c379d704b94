package dev.ferry.mapping.internal;

/**
 * One token of an expression. {@code value} holds the decoded string of a STRING token
 * and the Long or BigDecimal of a NUMBER token.
 */
record Token(Kind kind, String text, Object value, int position) {

	enum Kind {

		NAME, STRING, NUMBER, DOT, COMMA, LPAREN, RPAREN, PLUS, EQ, NE, END

	}

	boolean is(Kind kind) {
		return this.kind == kind;
	}

	boolean isWord(String word) {
		return this.kind == Kind.NAME && this.text.equals(word);
	}

	/** How the token reads in an error message. */
	String describe() {
		return switch (this.kind) {
			case END -> "the end of the expression";
			case STRING -> "the text " + this.text;
			case NUMBER -> "the number " + this.text;
			default -> "'" + this.text + "'";
		};
	}

}
