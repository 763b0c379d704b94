package dev.ferry.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migrations added since the previous release (a git tag, {@link PreviousRelease})
 * only expand the schema, so that release keeps running against it during a rolling
 * upgrade (docs/operations-upgrades.md); and the released ones are untouched and stay
 * below the new ones, or Flyway would refuse to start either version. Then the rule
 * itself, on small scripts: each kind of contract step is caught, expansions pass, and a
 * marked contract step passes only once the previous release no longer uses what it
 * removes.
 */
class ExpandContractTest {

	private static final Pattern VERSION = Pattern.compile("^V(\\d+(?:_\\d+)*)__.*\\.sql$");

	private static final Predicate<String> NOTHING_USED = name -> false;

	@Test
	void migrationsSinceThePreviousReleaseOnlyExpandTheSchema() throws IOException {
		String release = PreviousRelease.tag();
		List<ExpandContract.Migration> added = addedSince(release);
		List<ExpandContract.Violation> violations = ExpandContract.check(added,
				name -> PreviousRelease.usedBy(release, name));
		assertThat(violations)
			.as("contract steps in migrations added since %s (%s); docs/operations-upgrades.md says how to "
					+ "take something away", release, added.stream().map(ExpandContract.Migration::name).toList())
			.isEmpty();
	}

	@Test
	void releasedMigrationsAreUnchangedAndNewOnesComeAfterThem() {
		String release = PreviousRelease.tag();
		assertThat(PreviousRelease.changedSince(release))
			.as("migrations of %s changed, renamed or deleted since (Flyway refuses a changed checksum)", release)
			.isEmpty();
		List<Integer> newestReleased = PreviousRelease.migrations(release)
			.stream()
			.map(ExpandContractTest::version)
			.max(PreviousRelease.VERSION_ORDER)
			.orElse(List.of(0));
		List<String> added = newNames(release);
		assertThat(added).as("new migrations numbered after %s's newest, %s", release, newestReleased)
			.allSatisfy(
					name -> assertThat(PreviousRelease.VERSION_ORDER.compare(version(name), newestReleased)).as(name)
						.isPositive());
	}

	@Test
	void eachKindOfContractStepIsCaught() {
		List<String> contracts = List.of("drop table run_operation", "drop table if exists a",
				"alter table job drop column payload", "alter table job drop payload",
				"alter table job rename column payload to body", "alter table job rename to jobs",
				"alter table job alter column attempts type bigint",
				"alter table job alter column attempts set data type bigint",
				"alter table job alter column error_kind set not null",
				"alter table job add column priority int not null",
				"alter table job add constraint job_kind_known check (kind in ('a'))",
				"alter table link add unique (account_id)", "drop function ferry_work_purge(interval)",
				"drop index job_one_pending_per_key", "drop view tenant_summary", "drop type role",
				"alter function ferry_work_purge(interval) rename to ferry_purge",
				"revoke execute on function ferry_work_purge(interval) from ferry_app",
				"drop policy job_isolation on job", "truncate hook_event",
				"alter table \"Job\" drop column \"Payload\"");
		assertThat(contracts).allSatisfy(sql -> assertThat(
				ExpandContract.check(List.of(new ExpandContract.Migration("V99__x.sql", sql + ";")), NOTHING_USED))
			.as(sql)
			.hasSize(1));
		assertThat(ExpandContract.check(
				List.of(new ExpandContract.Migration("V99__x.sql", "alter table job drop column a, drop column b;")),
				NOTHING_USED))
			.hasSize(2);
		assertThat(ExpandContract
			.check(List.of(new ExpandContract.Migration("V99__x.sql", "drop table if exists a, b;")), NOTHING_USED))
			.hasSize(2);
	}

	@Test
	void contractStepsInsideADoBlockAreCaught() {
		List<String> blocks = List.of("do $$ begin alter table job drop column payload; end $$;",
				"do $body$ begin execute 'alter table job drop column x'; end $body$;",
				"do $$ declare t text; begin execute format('drop table %I', 'job'); end $$;",
				"do language plpgsql $$ begin if true then execute 'truncate hook_event'; end if; end $$;");
		assertThat(blocks).allSatisfy(sql -> assertThat(
				ExpandContract.check(List.of(new ExpandContract.Migration("V99__x.sql", sql)), NOTHING_USED))
			.as(sql)
			.isNotEmpty());
		// a function's body runs when it is called, not when the migration runs
		assertThat(ExpandContract.check(
				List.of(new ExpandContract.Migration("V99__x.sql",
						"create function purge() returns void language sql as $$ truncate hook_event $$;")),
				NOTHING_USED))
			.isEmpty();
		// a marker before the block covers it
		assertThat(ExpandContract.check(
				List.of(new ExpandContract.Migration("V99__x.sql",
						"-- contract: x unused since v2026.12.0\ndo $$ begin alter table job drop column x; end $$;")),
				NOTHING_USED))
			.isEmpty();
	}

	@Test
	void expansionsPass() {
		String sql = """
				-- a comment that mentions drop table job; is not a statement
				create table widget (id uuid primary key, name text not null);
				alter table job add column priority int not null default 0, add column note text;
				alter table audit_event add column k text generated always as (lower(actor_name)) stored;
				alter table job alter column note set default 'x';
				alter table job drop constraint job_old_check;
				alter table job alter column error_kind drop not null;
				create index job_by_priority on job (priority);
				create or replace function f(p int) returns int language sql as $$ select 1; drop table job $$;
				do $body$ begin execute 'alter table job enable row level security'; end $body$;
				do $$ declare t text; begin foreach t in array array['widget'] loop
				    execute format('create policy %I on %I using (true) ' 'with check (true)', t || '_p', t);
				end loop; end $$;
				create policy widget_isolation on widget using (true);
				grant select on widget to ${app_role};
				create function ferry_w() returns int language sql as $$ select 1 $$;
				revoke all on function ferry_w() from public;
				insert into widget values ('00000000-0000-0000-0000-000000000000', 'it''s; fine');
				update job set note = 'drop column payload';
				""";
		assertThat(ExpandContract.check(List.of(new ExpandContract.Migration("V99__x.sql", sql)), NOTHING_USED))
			.isEmpty();
	}

	@Test
	void whatTheSameReleaseCreatedMayBeChangedFreely() {
		List<ExpandContract.Migration> release = List.of(
				new ExpandContract.Migration("V98__a.sql",
						"create table widget (id uuid, name text); alter table job add column note text;"
								+ "create function ferry_w() returns int language sql as $$ select 1 $$;"
								+ "create unique index widget_name on widget (name);"),
				new ExpandContract.Migration("V99__b.sql",
						"alter table widget rename column name to title; alter table widget drop column id;"
								+ "alter table job alter column note set not null; alter table job drop column note;"
								+ "drop function ferry_w(); drop index widget_name; drop table widget;"));
		assertThat(ExpandContract.check(release, NOTHING_USED)).isEmpty();
	}

	@Test
	void aMarkedContractStepPassesOnlyWhenThePreviousReleaseNoLongerUsesWhatItRemoves() {
		String sql = """
				-- contract: job.legacy_note unused since v2026.12.0 (expanded away in V31)
				alter table job drop column legacy_note;
				""";
		List<ExpandContract.Migration> migration = List.of(new ExpandContract.Migration("V99__x.sql", sql));
		assertThat(ExpandContract.check(migration, NOTHING_USED)).isEmpty();
		assertThat(ExpandContract.check(migration, Set.of("legacy_note")::contains)).singleElement()
			.satisfies(violation -> assertThat(violation.rule()).contains("still uses 'legacy_note'"));
		// the marker belongs to the statement after it only
		assertThat(ExpandContract.check(
				List.of(new ExpandContract.Migration("V99__x.sql", sql + "alter table job drop column other;")),
				NOTHING_USED))
			.singleElement()
			.satisfies(violation -> assertThat(violation.statement()).contains("other"));
	}

	private static List<ExpandContract.Migration> addedSince(String release) throws IOException {
		Path folder = PreviousRelease.root().resolve(PreviousRelease.MIGRATIONS);
		List<ExpandContract.Migration> added = new ArrayList<>();
		for (String name : newNames(release)) {
			added.add(new ExpandContract.Migration(name, Files.readString(folder.resolve(name))));
		}
		return added;
	}

	/** Migration files in this tree that the release did not have, in version order. */
	private static List<String> newNames(String release) {
		Set<String> released = Set.copyOf(PreviousRelease.migrations(release));
		Path folder = PreviousRelease.root().resolve(PreviousRelease.MIGRATIONS);
		try (var files = Files.list(folder)) {
			return files.map(file -> file.getFileName().toString())
				.filter(name -> name.endsWith(".sql") && !released.contains(name))
				.sorted(Comparator.comparing(ExpandContractTest::version, PreviousRelease.VERSION_ORDER))
				.toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<Integer> version(String name) {
		Matcher matcher = VERSION.matcher(name);
		if (!matcher.matches()) {
			throw new IllegalStateException("Not a versioned migration: " + name);
		}
		return PreviousRelease.version(name);
	}

}
