package dev.ferry.sandbox.control;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ferry.sandbox.sharefile.SfHttp;
import dev.ferry.sandbox.sharefile.SfHttp.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code /sandbox} index and the ShareFile account page. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ControlPageIT {

	@LocalServerPort
	int port;

	@Test
	void indexListsEveryTargetWithLinksFaultFormsAndRequests() {
		SfHttp sf = new SfHttp(port);
		String sub = sf.newAccount(5);
		sf.get(sub, "Users", sf.admin(sub));

		String page = sf.send("GET", "/sandbox", null, null).body();

		assertThat(page)
			.contains("href=\"/sandbox/okta/acme\"", "href=\"/sandbox/okta/northwind\"",
					"href=\"/sandbox/sharefile/acme\"", "href=\"/sandbox/sharefile/globex\"",
					"href=\"/sandbox/sharefile/" + sub + "\"")
			.contains("action=\"/sandbox/faults/sharefile/acme\"", "name=\"throttlePerMinute\"", "Reset to seed")
			.contains("/sf/v3/Users");
	}

	@Test
	void faultFormSetsFaultsAndRedirectsBack() {
		SfHttp sf = new SfHttp(port);
		String sub = sf.newAccount(5);

		Reply posted = sf.sendRaw("POST", "/sandbox/faults/sharefile/" + sub,
				"latencyMillis=7&jitterMillis=0&errorRate=0&throttlePerMinute=50&outageSeconds=0",
				"application/x-www-form-urlencoded");

		assertThat(posted.status()).isEqualTo(302);
		assertThat(posted.header("Location")).contains("/sandbox");
		assertThat(sf.send("GET", "/sandbox/api/sharefile/" + sub + "/faults", null, null).json())
			.containsEntry("latencyMillis", 7)
			.containsEntry("throttlePerMinute", 50);
		assertThat(sf.send("GET", "/sandbox", null, null).body()).contains("throttle 50/min");
		assertThat(sf
			.sendRaw("POST", "/sandbox/faults/sharefile/nope", "latencyMillis=1", "application/x-www-form-urlencoded")
			.status()).isEqualTo(404);
	}

	@Test
	void accountPageShowsUsersAndGroups() {
		SfHttp sf = new SfHttp(port);
		String sub = sf.newAccount(5);
		sf.send("POST", "/sandbox/api/sharefile/" + sub + "/users", null,
				"{\"email\":\"shown@example.com\",\"firstName\":\"Sho\",\"lastName\":\"Wn\",\"employee\":false,\"disabled\":true}");
		String admin = sf.admin(sub);
		sf.send("POST", SfHttp.api(sub, "Groups"), admin,
				"{\"Name\":\"Visible group\",\"Contacts\":[{\"Email\":\"shown@example.com\"}]}");

		String page = sf.send("GET", "/sandbox/sharefile/" + sub, null, null).body();

		assertThat(page).contains("shown@example.com", "Client", "disabled", "Employee", "Visible group",
				"sf.admin@" + sub + ".example");
		assertThat(sf.send("GET", "/sandbox/sharefile/nope", null, null).status()).isEqualTo(404);
		assertThat(sf.send("GET", "/sandbox/api/sharefile/" + sub + "/groups", null, null).list().get(0))
			.containsEntry("name", "Visible group")
			.containsEntry("memberCount", 1);
		assertThat(sf.send("GET", "/sandbox/api/sharefile/" + sub + "/users?role=client", null, null).list())
			.extracting(u -> u.get("email"))
			.containsExactly("shown@example.com");
		Map<String, Object> summary = sf.send("GET", "/sandbox/api/sharefile/" + sub, null, null).json();
		assertThat(summary).containsEntry("employees", 1).containsEntry("clients", 1);
	}

}
