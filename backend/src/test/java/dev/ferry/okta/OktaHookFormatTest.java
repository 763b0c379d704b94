package dev.ferry.okta;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import dev.ferry.connector.HookFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Okta's calls to Ferry's hooks as the connector reads them (docs/reference/okta.md §4.4,
 * §5): whom each event is about, whether it can change who is assigned, which groups it
 * names, and what is not a delivery at all.
 */
class OktaHookFormatTest {

	private final OktaHookFormat format = new OktaHookFormat(JsonMapper.builder().build());

	@Test
	void aDeliveryNamesThePeopleAndGroupsOfEachEvent() {
		HookFormat.Delivery delivery = format.readChanges("""
				{"eventType":"com.okta.event_hook","data":{"events":[
				  {"uuid":"e-1","eventType":"user.account.update_profile","extra":1,
				   "target":[{"id":"00u1","type":"User"},{"id":"../etc","type":"User"},{"id":"00u1","type":"User"}]},
				  {"uuid":"e-2","eventType":"group.user_membership.add",
				   "target":[{"id":"00u2","type":"User"},{"id":"00g1","type":"UserGroup","displayName":"Sales"},
				             {"id":"00g2","type":"UserGroup"}]},
				  null,
				  {"eventType":"application.user_membership.remove"}]}}""");

		assertThat(delivery.events()).containsExactly(
				new HookFormat.Event("e-1", "user.account.update_profile", List.of("00u1"), true, false, List.of()),
				new HookFormat.Event("e-2", "group.user_membership.add", List.of("00u2"), false, true,
						List.of(new HookFormat.Group("00g1", "Sales"), new HookFormat.Group("00g2", ""))),
				new HookFormat.Event("", "application.user_membership.remove", List.of(), false, false, List.of()));
	}

	@Test
	void whatIsNotADeliverySaysWhy() {
		for (String body : List.of("", "{}", "{\"data\":{}}", "{\"data\":{\"events\":{}}}", "not json")) {
			assertThatThrownBy(() -> format.readChanges(body)).as(body)
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageNotContaining("\n");
		}
		assertThatThrownBy(() -> format.readChanges("not json")).hasMessageContaining("Unrecognized token 'not'");
	}

	@Test
	void aPasswordCheckReadsTheTypedCredentialAndIsAnsweredWithOneCommand() {
		HookFormat.Credentials credentials = format.readPasswordCheck("""
				{"eventType":"com.okta.user.credential.password.import","data":{"context":{"credential":
				  {"username":"ada@acme.example","password":"Typed-1"}},"action":{"credential":"UNVERIFIED"}}}""");
		assertThat(credentials).isEqualTo(new HookFormat.Credentials("ada@acme.example", "Typed-1"));
		assertThat(credentials.toString()).doesNotContain("Typed-1");
		assertThat(format.readPasswordCheck("{\"data\":{}}")).isEqualTo(new HookFormat.Credentials(null, null));
		assertThatThrownBy(() -> format.readPasswordCheck("{")).isInstanceOf(IllegalArgumentException.class);

		assertThat(format.passwordAnswer(true)).isEqualTo(Map.of("commands",
				List.of(Map.of("type", "com.okta.action.update", "value", Map.of("credential", "VERIFIED")))));
	}

	@Test
	void theVerificationChallengeIsEchoedOnlyWhenThereIsOne() {
		assertThat(format.challengeAnswer(name -> "x-okta-verification-challenge".equals(name) ? "c-1" : null))
			.contains(Map.of("verification", "c-1"));
		assertThat(format.challengeAnswer(name -> null)).isEmpty();
		assertThat(format.challengeAnswer(name -> " ")).isEmpty();
		assertThat(format.challengeAnswer(name -> "x".repeat(513))).isEmpty();
	}

}
