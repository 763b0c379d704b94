package dev.ferry.sharefile;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ferry.connector.Account;
import dev.ferry.connector.AccountGroup;
import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.AccountTargetContract;
import dev.ferry.connector.SentRequest;
import dev.ferry.connector.Throttle;
import dev.ferry.test.Sandbox;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ShareFileTarget} against the sandbox's ShareFile over real HTTP: the
 * {@link AccountTargetContract}, each destructive case in an account of its own made
 * through the control API.
 */
class ShareFileTargetIT extends AccountTargetContract {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Sandbox sandbox = Sandbox.get();

	@Override
	protected String newAccount(int licences) {
		String sub = "ct-" + UUID.randomUUID().toString().substring(0, 8);
		sandbox.control("POST", "/sandbox/api/sharefile",
				"{\"subdomain\":\"" + sub + "\",\"employeeLicences\":" + licences + "}");
		return sub;
	}

	@Override
	protected AccountTarget target(String account, Throttle throttle) {
		ShareFileSettings settings = new ShareFileSettings(sandbox.shareFileBaseUrl(account), "sandbox-client",
				"sandbox-secret", "sf.admin@" + account + ".example", "Ferry-demo-1");
		return new ShareFileTarget(settings, new ShareFileClient(settings, JSON, Clock.systemUTC(), throttle), JSON,
				Clock.systemUTC());
	}

	@Override
	protected void addUsers(String account, int count, boolean employees, String prefix) {
		sandbox.control("POST", "/sandbox/api/sharefile/" + account + "/users/generate",
				"{\"count\":" + count + ",\"employees\":" + employees + ",\"prefix\":\"" + prefix + "\"}");
	}

	@Override
	protected void serverPageSize(String account, int size) {
		sandbox.control("PUT", "/sandbox/api/sharefile/" + account + "/settings", "{\"serverPageSize\":" + size + "}");
	}

	@Override
	protected void throttle(String account, int perMinute) {
		if (perMinute == 0) {
			sandbox.control("DELETE", "/sandbox/api/sharefile/" + account + "/faults", null);
		}
		else {
			sandbox.control("PUT", "/sandbox/api/sharefile/" + account + "/faults",
					"{\"throttlePerMinute\":" + perMinute + "}");
		}
	}

	@Override
	protected long mark() {
		return JSON.readTree(sandbox.control("GET", "/sandbox/api/requests/mark", null)).path("sequence").asLong();
	}

	@Override
	protected List<SentRequest> requestsSince(String account, long mark) {
		List<SentRequest> sent = new ArrayList<>();
		for (JsonNode request : JSON
			.readTree(sandbox.control("GET", "/sandbox/api/sharefile/" + account + "/requests?after=" + mark, null))) {
			sent.add(new SentRequest(request.path("method").asString(), request.path("path").asString(),
					request.path("query").asString(""), request.path("status").asInt(),
					request.path("body").isNull() ? null : request.path("body").asString()));
		}
		return sent;
	}

	@Override
	protected boolean signsIn(String account, String email, String password) {
		String form = ShareFileTokens.formEncode(java.util.Map.of("grant_type", "password", "client_id",
				"sandbox-client", "client_secret", "sandbox-secret", "username", email, "password", password));
		try (HttpClient http = HttpClient.newHttpClient()) {
			HttpResponse<String> response = http
				.send(HttpRequest.newBuilder(URI.create(sandbox.shareFileBaseUrl(account) + "/oauth/token"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form))
					.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200;
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void anUpdateIsOnePatchWithOnlyTheGivenFields() {
		Account created = target.create(person("Wanda", "Wire"), null, false);
		long mark = mark();

		target.update(created.id(), Map.of("LastName", "After"));

		SentRequest sent = requestsSince(account, mark).getFirst();
		assertThat(sent.method()).isEqualTo("PATCH");
		assertThat(sent.body()).isEqualToIgnoringWhitespace("{\"LastName\":\"After\"}");
	}

	@Test
	void aDeleteIsCompleteAndReassignsFilesAndGroups() {
		Account leaver = target.create(person("Leo", "Wire"), null, false);
		Account heir = target.create(person("Hana", "Wire"), null, false);
		long mark = mark();

		target.delete(leaver.id(), heir.id());

		SentRequest delete = requestsSince(account, mark).getFirst();
		assertThat(delete.method()).isEqualTo("DELETE");
		assertThat(delete.query()).contains("completely=true")
			.contains("itemsReassignTo=" + heir.id())
			.contains("groupsReassignTo=" + heir.id());
	}

	@Test
	void groupMembersAreSentInBatchesOfAHundred() {
		String grouped = newAccount(10);
		addUsers(grouped, 250, false, "batch");
		ShareFileTarget target = (ShareFileTarget) target(grouped, Throttle.NONE);
		List<String> ids = userIds(target);
		long mark = mark();

		AccountGroup group = target.createGroup("Sales", ids);

		assertThat(requestsSince(grouped, mark)).hasSize(3); // the create with 100, then
																// 2 batches
		mark = mark();
		target.removeMembers(group.id(), ids.subList(0, 150));
		assertThat(requestsSince(grouped, mark)).hasSize(2);
	}

}
