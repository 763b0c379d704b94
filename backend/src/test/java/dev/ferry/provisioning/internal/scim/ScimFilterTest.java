package dev.ferry.provisioning.internal.scim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one SCIM filter Okta sends, read without a regular expression (security review
 * finding 6).
 */
class ScimFilterTest {

	@Test
	void readsTheValueOfUserNameEqInAnyCase() {
		assertThat(ScimUsers.userNameEquals("userName eq \"ada@acme.example\"")).hasValue("ada@acme.example");
		assertThat(ScimUsers.userNameEquals("  USERNAME   EQ  \"a\\\"b\\\\c\"  ")).hasValue("a\"b\\c");
		assertThat(ScimUsers.userNameEquals("userName eq \"\"")).hasValue("");
	}

	@Test
	void refusesEverythingElse() {
		assertThat(ScimUsers.userNameEquals("userName sw \"a\"")).isEmpty();
		assertThat(ScimUsers.userNameEquals("userNameeq \"a\"")).isEmpty();
		assertThat(ScimUsers.userNameEquals("userName eq \"a\" or userName eq \"b\"")).isEmpty();
		assertThat(ScimUsers.userNameEquals("userName eq \"unterminated")).isEmpty();
		assertThat(ScimUsers.userNameEquals("userName eq a")).isEmpty();
		assertThat(ScimUsers.userNameEquals("")).isEmpty();
	}

	@Test
	void aHostileFilterOfAMillionCharactersIsReadInOnePass() {
		// the old pattern ((?:[^"\\]|\\.)*) recursed once per character and overflowed
		// the stack near 2,000
		String escapes = "\\\"".repeat(500_000);
		assertThat(ScimUsers.userNameEquals("userName eq \"" + escapes + "\"")).get().asString().hasSize(500_000);
		assertThat(ScimUsers.userNameEquals("userName eq \"" + escapes)).isEmpty();
	}

}
