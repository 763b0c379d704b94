package dev.ferry.sandbox.sharefile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ferry.sandbox.sharefile.SfHttp.Reply;

import static dev.ferry.sandbox.sharefile.SfHttp.api;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * §3 Accounts feeds (paging, $select, nextLink) and §4 distribution groups (members, cap,
 * override).
 */
@SuppressWarnings("unchecked")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShareFileAccountsAndGroupsIT {

	@LocalServerPort
	int port;

	SfHttp sf;

	String sub;

	String admin;

	@BeforeEach
	void freshAccount() {
		sf = new SfHttp(port);
		sub = sf.newAccount(100);
		admin = sf.admin(sub);
	}

	void generate(int count, boolean employees, String prefix) {
		Reply reply = sf.send("POST", "/sandbox/api/sharefile/" + sub + "/users/generate", null,
				"{\"count\":" + count + ",\"employees\":" + employees + ",\"prefix\":\"" + prefix + "\"}");
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
	}

	@Test
	void employeesFeedPagesWithTopSkipSelectAndNextLink() {
		generate(9, true, "emp"); // 10 employees with the admin
		generate(4, false, "cli");

		Reply all = sf.get(sub, "Accounts/Employees?withRightSignature=false", admin);
		assertThat(all.json()).containsEntry("odata.count", 10)
			.containsEntry("odata.metadata", sf.root() + "/sharefile/" + sub + "/sf/v3/$metadata#Contacts")
			.doesNotContainKey("odata.nextLink");
		Map<String, Object> first = all.value().get(0);
		assertThat(first).containsEntry("odata.type", "ShareFile.Api.Models.Contact")
			.containsEntry("Name", "Admin, ShareFile")
			.containsEntry("IsDisabled", false)
			.containsKeys("FirstName", "LastName", "Company", "IsConfirmed", "LastAnyLogin", "CreatedDate", "Email");
		assertThat((String) first.get("url")).endsWith("/Contacts(" + first.get("Id") + ")");

		Reply page = sf.get(sub, "Accounts/Employees?$select=Id,Email&$top=4&$skip=4", admin);
		assertThat(page.json()).containsEntry("odata.count", 10);
		assertThat(page.value()).hasSize(4);
		assertThat(page.value().get(0).keySet()).containsExactlyInAnyOrder("odata.metadata", "odata.type", "Id", "url",
				"Email");
		assertThat(page.value().get(0)).containsEntry("Email", "emp4@" + sub + ".example");
		String next = (String) page.json().get("odata.nextLink");
		assertThat(next).startsWith(sf.root()).contains("$skip=8").contains("$top=4");

		Reply last = sf.send("GET", next, admin, null);
		assertThat(last.value()).hasSize(2);
		assertThat(last.json()).doesNotContainKey("odata.nextLink");

		Reply clients = sf.get(sub, "Accounts/Clients?$filter=Email%20eq%20'x'&$orderby=Email", admin);
		assertThat(clients.json()).containsEntry("odata.count", 4);
		assertThat(clients.value()).extracting(c -> c.get("Email")).contains("cli10@" + sub + ".example");

		assertThat(sf.get(sub, "Accounts/Employees?$top=-1", admin).status()).isEqualTo(400);
		assertThat(sf.get(sub, "Accounts/Employees?$top=&$skip=", admin).value()).hasSize(10);
	}

	@Test
	void serverPageSizeForcesNextLinksAClientMustFollow() {
		generate(24, false, "c");
		sf.send("PUT", "/sandbox/api/sharefile/" + sub + "/settings", null, "{\"serverPageSize\":10}");

		List<Object> emails = new ArrayList<>();
		String url = api(sub, "Accounts/Clients");
		int pages = 0;
		while (url != null) {
			Map<String, Object> feed = sf.send("GET", url, admin, null).json();
			assertThat(feed).containsEntry("odata.count", 24);
			((List<Map<String, Object>>) feed.get("value")).forEach(c -> emails.add(c.get("Email")));
			url = (String) feed.get("odata.nextLink");
			pages++;
		}
		assertThat(pages).isEqualTo(3);
		assertThat(emails).hasSize(24).doesNotHaveDuplicates();
	}

	@Test
	void groupLifecycleWithContactsByIdAndEmail() {
		generate(3, false, "m");
		String m0 = (String) sf.get(sub, "Users?emailaddress=m1%40" + sub + ".example", admin).json().get("Id");

		Reply created = sf.send("POST", api(sub, "Groups"), admin,
				"{\"Name\":\"Sales\",\"IsShared\":true,\"Contacts\":[" + "{\"Id\":\"" + m0 + "\"},{\"Email\":\"M2@"
						+ sub + ".example\"},{\"Email\":\"outsider@else.example\"}]}");
		assertThat(created.status()).isEqualTo(200);
		assertThat(created.json()).containsEntry("odata.type", "ShareFile.Api.Models.Group")
			.containsEntry("Name", "Sales")
			.containsEntry("IsShared", true)
			.containsEntry("NumberOfContacts", 3)
			.doesNotContainKey("Contacts");
		String id = (String) created.json().get("Id");

		Map<String, Object> expanded = sf.get(sub, "Groups(" + id + ")?$expand=Contacts", admin).json();
		assertThat((List<Map<String, Object>>) expanded.get("Contacts")).extracting(c -> c.get("Email"))
			.containsExactly("m1@" + sub + ".example", "m2@" + sub + ".example", "outsider@else.example");

		Reply renamed = sf.send("PATCH", api(sub, "Groups(" + id + ")"), admin,
				"{\"Name\":\"Sales EU\",\"Contacts\":[{\"Email\":\"m3@" + sub + ".example\"}]}");
		assertThat(renamed.json()).containsEntry("Name", "Sales EU").containsEntry("NumberOfContacts", 3);

		Reply added = sf.send("POST", api(sub, "Groups(" + id + ")/Contacts"), admin,
				"[{\"Email\":\"m3@" + sub + ".example\"},{\"Id\":\"" + m0 + "\"}]");
		assertThat(added.status()).isEqualTo(200);
		assertThat(added.json()).containsEntry("odata.count", 4);

		Reply removed = sf.send("DELETE", api(sub, "Groups(" + id + ")/Contacts"), admin,
				"[{\"Id\":\"" + m0 + "\"},{\"Email\":\"nobody@nowhere.example\"},{\"Id\":\"not-a-member\"}]");
		assertThat(removed.status()).isEqualTo(200);
		assertThat(removed.value()).extracting(c -> c.get("Email")).doesNotContain("m1@" + sub + ".example").hasSize(3);

		Reply overridden = sf.send("POST", api(sub, "Groups(" + id + ")/Contacts"), admin,
				"[{\"Email\":\"OUTSIDER@else.example\"}]", Map.of("X-Http-Method-Override", "DELETE"));
		assertThat(overridden.json()).containsEntry("odata.count", 2);
		assertThat(sf.get(sub, "Groups(" + id + ")/Contacts", admin).value()).hasSize(2);

		Reply unknownMember = sf.send("POST", api(sub, "Groups(" + id + ")/Contacts"), admin,
				"[{\"Email\":\"m1@" + sub + ".example\"},{\"Id\":\"00000000-0000-0000-0000-000000000000\"}]");
		assertThat(unknownMember.status()).isEqualTo(404);
		assertThat(sf.get(sub, "Groups(" + id + ")/Contacts", admin).value()).hasSize(2);

		assertThat(sf.get(sub, "Groups", admin).value()).extracting(g -> g.get("Name")).containsExactly("Sales EU");
		assertThat(sf.send("DELETE", api(sub, "Groups(" + id + ")"), admin, null).status()).isEqualTo(204);
		Reply gone = sf.get(sub, "Groups(" + id + ")", admin);
		assertThat(gone.status()).isEqualTo(404);
		assertThat(gone.json()).containsEntry("code", "NotFound");
	}

	@Test
	void groupsAreCappedAt2000MembersAndNothingIsAddedPastIt() {
		generate(2001, false, "g");
		String everyone = IntStream.range(1, 2002) // g1..g2001 (the admin is user 0)
			.mapToObj(i -> "{\"Email\":\"g" + i + "@" + sub + ".example\"}")
			.collect(Collectors.joining(",", "[", "]"));
		String id = (String) sf.send("POST", api(sub, "Groups"), admin, "{\"Name\":\"Big\"}").json().get("Id");

		Reply tooMany = sf.send("POST", api(sub, "Groups(" + id + ")/Contacts"), admin, everyone);
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.json()).containsEntry("code", "BadRequest");
		assertThat(tooMany.message()).contains("2000").contains("2001");
		assertThat(sf.get(sub, "Groups(" + id + ")", admin).json()).containsEntry("NumberOfContacts", 0);

		String first2000 = everyone.substring(0, everyone.lastIndexOf(",{")) + "]";
		Reply full = sf.send("POST", api(sub, "Groups(" + id + ")/Contacts"), admin, first2000);
		assertThat(full.status()).isEqualTo(200);
		assertThat(full.json()).containsEntry("odata.count", 2000);

		Reply oneMore = sf.send("POST", api(sub, "Groups(" + id + ")/Contacts"), admin,
				"[{\"Email\":\"g2001@" + sub + ".example\"}]");
		assertThat(oneMore.status()).isEqualTo(400);
		assertThat(sf.send("POST", api(sub, "Groups"), admin, "{\"Name\":\"Big2\",\"Contacts\":" + everyone + "}")
			.status()).isEqualTo(400);
		assertThat(sf.get(sub, "Groups", admin).json()).containsEntry("odata.count", 1);
	}

	@Test
	void accountReportsLicencesAndClientsCannotUseGroups() {
		Map<String, Object> account = sf.get(sub, "Accounts", admin).json();
		assertThat(account).containsEntry("odata.type", "ShareFile.Api.Models.Account")
			.containsEntry("Subdomain", sub)
			.containsEntry("UserMax", 100);

		sf.send("POST", "/sandbox/api/sharefile/" + sub + "/users", null,
				"{\"email\":\"cl@x.example\",\"firstName\":\"C\","
						+ "\"lastName\":\"L\",\"employee\":false,\"password\":\"Client-pass-1\"}");
		String client = sf.login(sub, "cl@x.example", "Client-pass-1");
		assertThat(sf.get(sub, "Groups", client).status()).isEqualTo(403);
		assertThat(sf.get(sub, "Accounts", client).status()).isEqualTo(200);
	}

	@Test
	void anAccountCanBeFilledWithTheActivePeopleOfAnOktaOrg() {
		String org = "o" + sub;
		assertThat(sf.send("POST", "/sandbox/api/okta/orgs", null, "{\"name\":\"" + org + "\"}").status())
			.isEqualTo(201);
		assertThat(
				sf.send("POST", "/sandbox/api/okta/" + org + "/users/bulk", null, "{\"count\":30,\"prefix\":\"copy\"}")
					.status())
			.isEqualTo(200);
		Reply copied = sf.send("POST", "/sandbox/api/sharefile/" + sub + "/users/generate", null,
				"{\"fromOkta\":\"" + org + "\"}");
		assertThat(copied.status()).as(copied.body()).isEqualTo(200);
		assertThat(copied.json()).containsEntry("created", 30);

		Reply person = sf.get(sub, "Users?emailaddress=copy.000007@" + org + ".example", admin);
		assertThat(person.status()).isEqualTo(200);
		assertThat(person.json()).containsEntry("FirstName", "Copy").containsEntry("LastName", "No000007");
		// a second copy adds nobody twice
		assertThat(sf
			.send("POST", "/sandbox/api/sharefile/" + sub + "/users/generate", null, "{\"fromOkta\":\"" + org + "\"}")
			.json()).containsEntry("created", 0);
		assertThat(sf
			.send("POST", "/sandbox/api/sharefile/" + sub + "/users/generate", null, "{\"fromOkta\":\"nosuchorg\"}")
			.status()).isEqualTo(400);
	}

}
