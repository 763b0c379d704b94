package dev.ferry.upgrade;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expand/contract rule of docs/operations-upgrades.md as a check over migration
 * scripts: during a rolling upgrade the previous release runs against the schema these
 * migrations leave, so they may only <em>expand</em> it. A statement that takes away
 * something the previous release may still use (drops or renames a table, column,
 * function, view, type or index; changes a column's type; makes an existing column NOT
 * NULL; adds a NOT NULL column without a default, or a constraint, to an existing table;
 * revokes rights; drops a policy; truncates) is a <em>contract</em> step, allowed only
 * when a comment right before it says {@code -- contract: <why>} and the previous
 * release's code does not mention what it removes.
 *
 * <p>
 * What the same new migrations create is theirs to change: the previous release never saw
 * it. Bodies of functions and {@code DO} blocks are not read (DDL run dynamically there
 * is the reviewer's to catch), nor are statements that only change data.
 */
final class ExpandContract {

	/** One migration script: its file name and text. */
	record Migration(String name, String sql) {
	}

	/** A contract step without a valid marker. */
	record Violation(String file, String statement, String rule) {

		@Override
		public String toString() {
			return file + ": " + rule + "\n    " + statement;
		}

	}

	private static final String NAME = "([a-z_][a-z0-9_$]*(?:\\.[a-z_][a-z0-9_$]*)?)";

	private static final Pattern CREATE_TABLE = Pattern
		.compile("^create (?:unlogged |temporary |temp )?table (?:if not exists )?" + NAME);

	private static final Pattern CREATE_OTHER = Pattern.compile("^create (?:or replace )?(?:unique )?"
			+ "(function|procedure|view|materialized view|type|sequence|index|schema) (?:concurrently )?"
			+ "(?:if not exists )?" + NAME);

	private static final Pattern ALTER_TABLE = Pattern
		.compile("^alter table (?:if exists )?(?:only )?" + NAME + " (.*)$");

	private static final Pattern DROP = Pattern.compile("^drop (table|function|procedure|view|materialized view|type"
			+ "|sequence|index|schema|policy|trigger) (?:concurrently )?(?:if exists )?" + NAME + "(.*)$");

	private static final Pattern ADD_COLUMN = Pattern.compile("^add (?:column )?(?:if not exists )?" + NAME + " (.*)$");

	private static final Pattern ADD_CONSTRAINT = Pattern
		.compile("^add (?:constraint " + NAME + " )?(check|unique|foreign key|primary key|exclude)\\b.*");

	private static final Pattern DROP_COLUMN = Pattern
		.compile("^drop (?:column )?(?:if exists )?" + NAME + "(?: .*)?$");

	private static final Pattern ALTER_COLUMN = Pattern.compile("^alter (?:column )?" + NAME + " (.*)$");

	private static final Pattern LITERAL = Pattern.compile("'((?:[^']|'')*)'");

	private static final Pattern MARKER = Pattern.compile("--\\s*contract:\\s*(\\S.*)", Pattern.CASE_INSENSITIVE);

	private ExpandContract() {
	}

	/**
	 * @param added the migrations added since the previous release, in version order
	 * @param usedByPrevious whether the previous release's code mentions a name
	 * @return every contract step without a valid marker (empty: the migrations expand
	 * only)
	 */
	static List<Violation> check(List<Migration> added, Predicate<String> usedByPrevious) {
		Set<String> created = new HashSet<>();
		Set<String> addedColumns = new HashSet<>();
		for (Migration migration : added) {
			for (Statement statement : executed(migration.sql())) {
				noteCreated(statement.text(), created, addedColumns);
			}
		}
		List<Violation> violations = new ArrayList<>();
		for (Migration migration : added) {
			for (Statement statement : executed(migration.sql())) {
				for (Contract contract : contracts(statement.text(), created, addedColumns)) {
					String refusal = refusal(statement, contract, usedByPrevious);
					if (refusal != null) {
						violations.add(new Violation(migration.name(), abbreviate(statement.text()), refusal));
					}
				}
			}
		}
		return violations;
	}

	/** A contract step found: what it takes away (the name to look for) and how. */
	private record Contract(String removes, String rule) {
	}

	private static String refusal(Statement statement, Contract contract, Predicate<String> usedByPrevious) {
		Matcher marker = MARKER.matcher(statement.comments());
		if (!marker.find()) {
			return contract.rule() + " (a contract step: mark it \"-- contract: <why>\", in a release after the one "
					+ "that stopped using it)";
		}
		String bare = contract.removes().contains(".")
				? contract.removes().substring(contract.removes().lastIndexOf('.') + 1) : contract.removes();
		if (!bare.isEmpty() && usedByPrevious.test(bare)) {
			return contract.rule() + ", marked as a contract step, but the previous release still uses '" + bare
					+ "': contract only in the release after the one that stopped using it";
		}
		return null;
	}

	private static void noteCreated(String sql, Set<String> created, Set<String> addedColumns) {
		Matcher table = CREATE_TABLE.matcher(sql);
		if (table.find()) {
			created.add(bare(table.group(1)));
			return;
		}
		Matcher other = CREATE_OTHER.matcher(sql);
		if (other.find()) {
			created.add(bare(other.group(2)));
			return;
		}
		Matcher alter = ALTER_TABLE.matcher(sql);
		if (alter.find()) {
			String tableName = bare(alter.group(1));
			for (String action : actions(alter.group(2))) {
				Matcher column = ADD_COLUMN.matcher(action);
				if (column.find() && !ADD_CONSTRAINT.matcher(action).matches()) {
					addedColumns.add(tableName + "." + bare(column.group(1)));
				}
			}
		}
	}

	private static List<Contract> contracts(String sql, Set<String> created, Set<String> addedColumns) {
		List<Contract> found = new ArrayList<>();
		Matcher drop = DROP.matcher(sql);
		if (drop.find()) {
			String kind = drop.group(1);
			if (kind.equals("policy") || kind.equals("trigger")) {
				// "drop policy p on t": what matters is whether t is the previous
				// release's
				Matcher on = Pattern.compile(" on " + NAME).matcher(drop.group(3));
				String table = on.find() ? bare(on.group(1)) : "";
				if (!created.contains(table)) {
					found.add(new Contract(bare(drop.group(2)), "drops " + kind + " " + drop.group(2) + " of table "
							+ table + ", which the previous release runs under"));
				}
				return found;
			}
			for (String name : (drop.group(2) + drop.group(3)).split(",")) {
				String object = bare(name.strip().split("[ (]")[0]);
				if (!object.isEmpty() && !created.contains(object)) {
					found.add(new Contract(object, "drops " + kind + " " + object + (kind.equals("index")
							? " (the previous release's queries may need it, e.g. ON CONFLICT)" : "")));
				}
				if (!kind.equals("table") && !kind.equals("index")) {
					break;
				}
			}
			return found;
		}
		if (sql.matches("^alter (function|procedure|view|materialized view|type|sequence|index|schema) .*")
				&& sql.matches(".* (rename|set schema) .*")) {
			found.add(
					new Contract(sql.split(" ")[2].split("\\(")[0], "renames or moves what the previous release uses"));
			return found;
		}
		if (sql.startsWith("revoke ")) {
			Matcher on = Pattern
				.compile(" on (?:table |function |procedure |sequence |schema |all tables in schema )?" + NAME)
				.matcher(sql);
			if (on.find() && created.contains(bare(on.group(1)))) {
				// the usual "revoke all on function ... from public" of a new function
				return found;
			}
			found.add(new Contract("", "revokes rights the previous release may need"));
			return found;
		}
		if (sql.startsWith("truncate ")) {
			found.add(new Contract("", "deletes the data of a table the previous release reads"));
			return found;
		}
		Matcher alter = ALTER_TABLE.matcher(sql);
		if (!alter.find()) {
			return found;
		}
		String table = bare(alter.group(1));
		if (created.contains(table)) {
			return found;
		}
		for (String action : actions(alter.group(2))) {
			if (action.startsWith("rename ") || action.startsWith("set schema ")) {
				Matcher column = Pattern.compile("^rename (?:column )?" + NAME + " to ").matcher(action);
				boolean renamesColumn = column.find() && !column.group(1).equals("constraint");
				found.add(new Contract(renamesColumn ? bare(column.group(1)) : table,
						"renames " + (renamesColumn ? "column " + table + "." + column.group(1) : "table " + table)));
				continue;
			}
			Matcher constraint = ADD_CONSTRAINT.matcher(action);
			if (constraint.matches()) {
				found.add(new Contract(table, "adds a " + constraint.group(2) + " constraint to " + table
						+ ", which the previous release may write rows against"));
				continue;
			}
			Matcher add = ADD_COLUMN.matcher(action);
			if (add.find()) {
				String definition = add.group(2);
				if (definition.contains("not null") && !definition.contains("default")
						&& !definition.contains("generated ")) {
					found.add(new Contract(table, "adds NOT NULL column " + table + "." + add.group(1)
							+ " without a default: the previous release's inserts do not fill it"));
				}
				continue;
			}
			Matcher dropColumn = DROP_COLUMN.matcher(action);
			if (action.startsWith("drop ")
					&& !action.matches("^drop (constraint|default|not null|identity|expression)\\b.*")
					&& dropColumn.find()) {
				String column = bare(dropColumn.group(1));
				if (!addedColumns.contains(table + "." + column)) {
					found.add(new Contract(column, "drops column " + table + "." + column));
				}
				continue;
			}
			Matcher alterColumn = ALTER_COLUMN.matcher(action);
			if (action.startsWith("alter ") && alterColumn.find()) {
				String column = bare(alterColumn.group(1));
				String change = alterColumn.group(2);
				if (addedColumns.contains(table + "." + column)) {
					continue;
				}
				if (change.startsWith("type ") || change.startsWith("set data type ")) {
					found.add(new Contract(column, "changes the type of column " + table + "." + column));
				}
				else if (change.startsWith("set not null")) {
					found.add(new Contract(column, "makes existing column " + table + "." + column
							+ " NOT NULL: the previous release may write it empty"));
				}
			}
		}
		return found;
	}

	/**
	 * A statement's normalised text and the comments before and in it.
	 *
	 * @param bodies its dollar-quoted bodies as written (a DO block's code)
	 */
	record Statement(String text, String comments, List<String> bodies) {
	}

	/**
	 * The statements a migration runs: its own, and inside each DO block the statements
	 * written in its body and the SQL it EXECUTEs from string literals ({@code format}'s
	 * {@code %I}, {@code %s} and {@code %L} read as a name no release uses, so a dynamic
	 * drop still counts). A marker before the block covers what is in it. A function's
	 * body is not read: it runs when called, not when the migration does.
	 */
	static List<Statement> executed(String sql) {
		List<Statement> executed = new ArrayList<>();
		for (Statement statement : statements(sql)) {
			executed.add(statement);
			if (!statement.text().matches("^do\\b.*")) {
				continue;
			}
			for (String body : statement.bodies()) {
				for (Statement inner : statements(body)) {
					String text = inner.text().replaceFirst("^(?:declare\\b.*?\\bbegin|begin)\\b\\s*", "");
					executed.add(new Statement(text, statement.comments(), List.of()));
				}
				Matcher literal = LITERAL.matcher(body);
				while (literal.find()) {
					String run = literal.group(1).replace("''", "'").replaceAll("%[IsL]", "dynamic_name");
					for (Statement inner : statements(run)) {
						executed.add(new Statement(inner.text(), statement.comments(), List.of()));
					}
				}
			}
		}
		return executed;
	}

	/**
	 * Splits a script into statements: dollar-quoted bodies and string literals are
	 * blanked (their semicolons are not ends), comments kept aside, text lower-cased with
	 * quotes around identifiers dropped and white space collapsed.
	 */
	static List<Statement> statements(String sql) {
		List<Statement> statements = new ArrayList<>();
		StringBuilder text = new StringBuilder();
		StringBuilder comments = new StringBuilder();
		List<String> bodies = new ArrayList<>();
		int i = 0;
		while (i < sql.length()) {
			char c = sql.charAt(i);
			if (c == '-' && sql.startsWith("--", i)) {
				int end = sql.indexOf('\n', i);
				end = end < 0 ? sql.length() : end;
				comments.append(sql, i, end).append('\n');
				i = end;
			}
			else if (c == '/' && sql.startsWith("/*", i)) {
				int end = sql.indexOf("*/", i + 2);
				end = end < 0 ? sql.length() : end + 2;
				comments.append(sql, i, end).append('\n');
				i = end;
			}
			else if (c == '\'') {
				int end = i + 1;
				while (end < sql.length()) {
					if (sql.charAt(end) == '\'') {
						if (end + 1 < sql.length() && sql.charAt(end + 1) == '\'') {
							end += 2;
							continue;
						}
						break;
					}
					end++;
				}
				text.append("''");
				i = Math.min(end + 1, sql.length());
			}
			else if (c == '$' && dollarTag(sql, i) != null) {
				String tag = dollarTag(sql, i);
				int close = sql.indexOf(tag, i + tag.length());
				int end = close < 0 ? sql.length() : close + tag.length();
				bodies.add(sql.substring(i + tag.length(), close < 0 ? sql.length() : close));
				text.append("$$");
				i = end;
			}
			else if (c == ';') {
				add(statements, text, comments, bodies);
				i++;
			}
			else {
				text.append(c == '"' ? "" : c);
				i++;
			}
		}
		add(statements, text, comments, bodies);
		return statements;
	}

	private static void add(List<Statement> statements, StringBuilder text, StringBuilder comments,
			List<String> bodies) {
		String normalised = text.toString().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
		if (!normalised.isEmpty()) {
			statements.add(new Statement(normalised, comments.toString(), List.copyOf(bodies)));
		}
		text.setLength(0);
		comments.setLength(0);
		bodies.clear();
	}

	/**
	 * The dollar-quote tag starting at {@code i} ({@code $$}, {@code $body$}), or null.
	 */
	private static String dollarTag(String sql, int i) {
		Matcher tag = Pattern.compile("\\$[A-Za-z_]*\\$").matcher(sql);
		return tag.find(i) && tag.start() == i ? tag.group() : null;
	}

	/** An ALTER TABLE's actions, split at the commas outside parentheses. */
	private static List<String> actions(String actions) {
		List<String> parts = new ArrayList<>();
		int depth = 0;
		int start = 0;
		for (int i = 0; i < actions.length(); i++) {
			char c = actions.charAt(i);
			depth += c == '(' ? 1 : c == ')' ? -1 : 0;
			if (c == ',' && depth == 0) {
				parts.add(actions.substring(start, i).strip());
				start = i + 1;
			}
		}
		parts.add(actions.substring(start).strip());
		return parts;
	}

	private static String bare(String name) {
		return name.startsWith("public.") ? name.substring("public.".length()) : name;
	}

	private static String abbreviate(String text) {
		return text.length() <= 160 ? text : text.substring(0, 157) + "...";
	}

}
