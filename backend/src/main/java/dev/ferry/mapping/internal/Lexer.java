package dev.ferry.mapping.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import dev.ferry.mapping.ExpressionException;
import dev.ferry.mapping.internal.Token.Kind;

/**
 * Splits an expression into tokens. Characters that other expression languages give
 * meaning to ({@code $ # & | ! = -}) are refused here with a hint, so {@code ${...}} or
 * {@code #{...}} can never reach a later stage.
 */
final class Lexer {

	private final String source;

	private int pos;

	private Lexer(String source) {
		this.source = source;
	}

	static List<Token> tokenize(String source) {
		return new Lexer(source).run();
	}

	private List<Token> run() {
		List<Token> tokens = new ArrayList<>();
		while (true) {
			skipWhitespace();
			if (this.pos >= this.source.length()) {
				tokens.add(new Token(Kind.END, "", null, this.pos));
				return tokens;
			}
			tokens.add(next());
		}
	}

	private void skipWhitespace() {
		while (this.pos < this.source.length()) {
			char c = this.source.charAt(this.pos);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return;
			}
			this.pos++;
		}
	}

	private Token next() {
		int start = this.pos;
		char c = this.source.charAt(start);
		if (c == '"' || c == '\'') {
			return string(c);
		}
		if (isDigit(c) || (c == '-' && isDigit(peek(1)))) {
			return number();
		}
		if (isNameStart(c)) {
			while (this.pos < this.source.length() && isNamePart(this.source.charAt(this.pos))) {
				this.pos++;
			}
			String name = this.source.substring(start, this.pos);
			return new Token(Kind.NAME, name, null, start);
		}
		this.pos++;
		return switch (c) {
			case '.' -> new Token(Kind.DOT, ".", null, start);
			case ',' -> new Token(Kind.COMMA, ",", null, start);
			case '(' -> new Token(Kind.LPAREN, "(", null, start);
			case ')' -> new Token(Kind.RPAREN, ")", null, start);
			case '+' -> new Token(Kind.PLUS, "+", null, start);
			case '=' -> {
				if (peek(0) == '=') {
					this.pos++;
					yield new Token(Kind.EQ, "==", null, start);
				}
				throw error("'=' alone means nothing here", "use '==' to compare", start);
			}
			case '!' -> {
				if (peek(0) == '=') {
					this.pos++;
					yield new Token(Kind.NE, "!=", null, start);
				}
				throw error("unexpected '!'", "use 'not' to negate", start);
			}
			case '&' -> throw error("unexpected '&'", "use 'and'", start);
			case '|' -> throw error("unexpected '|'", "use 'or'", start);
			case '$', '#' -> throw error("unexpected '" + c + "'",
					"there are no ${...} or #{...} placeholders; write the expression itself, e.g. user.firstName",
					start);
			default -> throw error("unexpected character " + show(start), null, start);
		};
	}

	private Token string(char quote) {
		int start = this.pos;
		StringBuilder text = new StringBuilder();
		this.pos++;
		while (this.pos < this.source.length()) {
			char c = this.source.charAt(this.pos);
			if (c == quote) {
				this.pos++;
				return new Token(Kind.STRING, this.source.substring(start, this.pos), text.toString(), start);
			}
			if (c == '\\') {
				char escaped = peek(1);
				text.append(switch (escaped) {
					case '"', '\'', '\\' -> escaped;
					case 'n' -> '\n';
					case 't' -> '\t';
					default -> throw error("unknown escape '\\" + (escaped == 0 ? "" : escaped) + "'",
							"use \\\" \\' \\\\ \\n or \\t", this.pos);
				});
				this.pos += 2;
			}
			else {
				text.append(c);
				this.pos++;
			}
		}
		throw error("unterminated string", "close it with " + quote, start);
	}

	private Token number() {
		int start = this.pos;
		if (peek(0) == '-') {
			this.pos++;
		}
		while (isDigit(peek(0))) {
			this.pos++;
		}
		boolean decimal = peek(0) == '.' && isDigit(peek(1));
		if (decimal) {
			this.pos++;
			while (isDigit(peek(0))) {
				this.pos++;
			}
		}
		if (isNameStart(peek(0))) {
			throw error("unexpected character " + show(this.pos) + " after a number", null, this.pos);
		}
		String text = this.source.substring(start, this.pos);
		BigDecimal number = new BigDecimal(text);
		// A whole number that fits a long stays a long, so 42 reads back as "42".
		Object value = (!decimal && number.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0)
				? (Object) number.longValueExact() : number;
		return new Token(Kind.NUMBER, text, value, start);
	}

	private char peek(int ahead) {
		int at = this.pos + ahead;
		return at < this.source.length() ? this.source.charAt(at) : 0;
	}

	private String show(int at) {
		int cp = this.source.codePointAt(at);
		String hex = String.format("U+%04X", cp);
		return (Character.isISOControl(cp) || !Character.isDefined(cp) || Character.isWhitespace(cp)
				|| Character.getType(cp) == Character.FORMAT) ? hex : "'" + Character.toString(cp) + "' (" + hex + ")";
	}

	private ExpressionException error(String problem, String hint, int at) {
		return new ExpressionException(problem, hint, this.source, at);
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	static boolean isNameStart(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
	}

	private static boolean isNamePart(char c) {
		return isNameStart(c) || isDigit(c);
	}

}
