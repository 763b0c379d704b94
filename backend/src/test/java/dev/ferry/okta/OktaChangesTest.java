package dev.ferry.okta;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;

import dev.ferry.connector.SyncOp.Changes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * System Log polling: the first request, which targets count, and resuming from the next
 * link.
 */
class OktaChangesTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String ORG = "https://acme.okta.example";

	@Test
	void firstPollStartsAMinuteAgoAndCollectsPeopleAndGroupsOfThisApp() {
		StubClient client = new StubClient(JSON.readTree(
				"""
						[{"eventType":"user.account.update_profile","target":[{"id":"00u1","type":"User"}]},
						 {"eventType":"group.user_membership.add","target":[{"id":"00u2","type":"User"},{"id":"00g1","type":"UserGroup"}]},
						 {"eventType":"application.user_membership.add","target":[{"id":"0ua1","type":"AppUser"},
						   {"id":"0oaOTHER","type":"AppInstance"},{"id":"00u3","type":"User"}]},
						 {"eventType":"application.user_membership.remove","target":[{"id":"0ua2","type":"AppUser"},
						   {"id":"0oaSHAREFILE","type":"AppInstance"},{"id":"00u4","type":"User"}]},
						 {"eventType":"user.account.update_profile","target":[{"id":"00u1","type":"User"}]}]"""));

		Changes changes = new OktaChanges(client, "0oaSHAREFILE").since(null);

		assertThat(changes.changedIdentities()).containsExactly("00u1", "00u2", "00u4");
		assertThat(changes.changedGroups()).containsExactly("00g1");
		assertThat(changes.position()).isEqualTo(ORG + "/api/v1/logs?after=42&limit=1000");
		assertThat(client.asked.getFirst())
			.startsWith(ORG + "/api/v1/logs?since=2026-01-01T11:59:00Z&sortOrder=ASCENDING"
					+ "&limit=1000&filter=eventType%20eq%20%22user.lifecycle.create%22%20or%20");
	}

	@Test
	void laterPollsFollowTheStoredPosition() {
		StubClient client = new StubClient(JSON.readTree("[]"));

		Changes changes = new OktaChanges(client, "0oaSHAREFILE").since(ORG + "/api/v1/logs?after=7&limit=1000");

		assertThat(client.asked).containsExactly(ORG + "/api/v1/logs?after=7&limit=1000");
		assertThat(changes.changedIdentities()).isEmpty();
		assertThat(changes.position()).isEqualTo(ORG + "/api/v1/logs?after=42&limit=1000");
	}

	@Test
	void theFilterAsksOnlyForEventsThatChangeAccess() {
		assertThat(OktaChanges.filter()).contains("eventType eq \"group.user_membership.remove\"")
			.doesNotContain("user.import.password");
	}

	private static final class StubClient extends OktaClient {

		final List<String> asked = new ArrayList<>();

		private final JsonNode events;

		StubClient(JsonNode events) {
			super(new OktaApiSettings(ORG, OktaApiSettings.AuthMode.SSWS, "t", null, null), JSON,
					Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC));
			this.events = events;
		}

		@Override
		public Page page(String pathAndQuery) {
			return page(URI.create(orgUrl() + pathAndQuery));
		}

		@Override
		public Page page(URI absolute) {
			asked.add(absolute.toString());
			return new Page(events, URI.create(ORG + "/api/v1/logs?after=42&limit=1000"));
		}

	}

}
