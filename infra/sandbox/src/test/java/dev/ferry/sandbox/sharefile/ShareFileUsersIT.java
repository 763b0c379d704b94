package dev.ferry.sandbox.sharefile;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ferry.sandbox.sharefile.SfHttp.Reply;

import static dev.ferry.sandbox.sharefile.SfHttp.api;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * §2 Users and the §0 wire conventions, against a fresh account with 3 employee licences.
 */
@SuppressWarnings("unchecked")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShareFileUsersIT {

	@LocalServerPort
	int port;

	SfHttp sf;

	String sub;

	String admin;

	@BeforeEach
	void freshAccount() {
		sf = new SfHttp(port);
		sub = sf.newAccount(3);
		admin = sf.admin(sub);
	}

	Reply post(String path, String json) {
		return sf.send("POST", api(sub, path), admin, json);
	}

	String client(String email) {
		Reply reply = post("Users",
				"{\"Email\":\"" + email + "\",\"FirstName\":\"Cli\",\"LastName\":\"Ent\",\"Company\":\"Outside\"}");
		assertThat(reply.status()).isEqualTo(200);
		return (String) reply.json().get("Id");
	}

	String employee(String email) {
		Reply reply = post("Users/AccountUser",
				"{\"Email\":\"" + email + "\",\"FirstName\":\"Em\",\"LastName\":\"Ployee\",\"IsEmployee\":true}");
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return (String) reply.json().get("Id");
	}

	@Test
	void currentUserIsAnAccountUserWithEnvelope() {
		Map<String, Object> me = sf.get(sub, "Users", admin).json();
		String id = (String) me.get("Id");
		String base = sf.root() + "/sharefile/" + sub + "/sf/v3";

		assertThat(id).matches("[0-9a-f-]{36}");
		assertThat(me).containsEntry("odata.type", "ShareFile.Api.Models.AccountUser")
			.containsEntry("odata.metadata", base + "/$metadata#Users/ShareFile.Api.Models.AccountUser@Element")
			.containsEntry("url", base + "/Users(" + id + ")")
			.containsEntry("IsAdministrator", true)
			.doesNotContainKeys("Security", "Preferences", "Password");
		assertThat((List<Object>) me.get("Roles")).contains("Employee", "AdminManageEmployees");
	}

	@Test
	void createClientAndEmployeeReturn200WithTheirTypeAndRoles() {
		Reply client = post(
				"Users?pushCreatorDefaultSettings=false&addshared=true&notify=false&ifNecessary=false&addPersonal=true",
				"{\"Email\":\"billy@example.com\",\"FirstName\":\"Billy\",\"LastName\":\"Bobby\",\"Company\":\"Bobby's World\","
						+ "\"Password\":\"Billy-pass-1\",\"Preferences\":{\"CanResetPassword\":true,\"CanViewMySettings\":true},"
						+ "\"DefaultZone\":{\"Id\":\"zone-1\"},\"IsAdministrator\":true}");
		assertThat(client.status()).isEqualTo(200);
		assertThat(client.json()).containsEntry("odata.type", "ShareFile.Api.Models.User")
			.containsEntry("Email", "billy@example.com")
			.containsEntry("Username", "billy@example.com")
			.containsEntry("FullName", "Billy Bobby")
			.containsEntry("FullNameShort", "B. Bobby")
			.containsEntry("Roles", List.of("Client", "CanChangePassword", "CanManageMySettings"))
			.doesNotContainKeys("Password", "IsAdministrator");

		Reply employee = post("Users/AccountUser",
				"{\"email\":\"jane@acme.example\",\"firstName\":\"Jane\",\"lastName\":\"Smith\",\"isEmployee\":true,"
						+ "\"CanCreateFolders\":true,\"StorageQuotaLimitGB\":-1,\"Roles\":[\"CanChangePassword\"]}");
		assertThat(employee.status()).isEqualTo(200);
		assertThat(employee.json()).containsEntry("odata.type", "ShareFile.Api.Models.AccountUser")
			.containsEntry("CanCreateFolders", true)
			.containsEntry("IsAdministrator", false);
		assertThat((List<Object>) employee.json().get("Roles")).contains("Employee", "CanCreateFolders");
	}

	@Test
	void duplicateEmailIs409UnlessIfNecessary() {
		String id = client("dup@example.com");

		Reply duplicate = post("Users", "{\"Email\":\"DUP@example.com\",\"FirstName\":\"A\",\"LastName\":\"B\"}");
		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.json()).containsEntry("code", "Conflict").containsEntry("reason", "Conflict");

		Reply again = post("Users?ifNecessary=true",
				"{\"Email\":\"Dup@Example.com\",\"FirstName\":\"A\",\"LastName\":\"B\"}");
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json()).containsEntry("Id", id).containsEntry("FirstName", "Cli");
	}

	@Test
	void readByIdQueryIdAndEmailCaseInsensitivelyWithEmptyValuesIgnored() {
		String id = client("Mixed.Case@Example.com");

		assertThat(sf.get(sub, "Users(" + id + ")", admin).json()).containsEntry("Id", id);
		assertThat(sf.get(sub, "Users?id=" + id, admin).json()).containsEntry("Id", id);
		assertThat(sf.get(sub, "Users?emailaddress=mixed.case%40example.com", admin).json()).containsEntry("Id", id);
		assertThat(sf.get(sub, "Users?id=&emailAddress=MIXED.case%40example.com", admin).json()).containsEntry("Id",
				id);
		assertThat(sf.get(sub, "Users?id=&emailAddress=", admin).json()).containsEntry("Email",
				"sf.admin@" + sub + ".example");
	}

	@Test
	void unknownUsersAre404NotFound() {
		for (String path : List.of("Users(00000000-0000-0000-0000-000000000000)", "Users?id=nope",
				"Users?emailaddress=nobody%40example.com", "Users('00000000-0000-0000-0000-000000000000')",
				"Users(nope)/Security", "NoSuchEntity")) {
			Reply reply = sf.get(sub, path, admin);
			assertThat(reply.status()).as(path).isEqualTo(404);
			assertThat(reply.json()).as(path)
				.containsEntry("code", "NotFound")
				.containsEntry("reason", "NotFound")
				.containsKey("message");
			assertThat(reply.message()).isNotBlank();
		}
	}

	@Test
	void securityAndPreferencesOnlyWhenExpandedAndAtTheirOwnPaths() {
		String id = client("sec@example.com");

		Map<String, Object> plain = sf.get(sub, "Users(" + id + ")", admin).json();
		assertThat(plain).doesNotContainKeys("Security", "Preferences");

		Map<String, Object> expanded = sf.get(sub, "Users(" + id + ")?$expand=Security,Preferences", admin).json();
		assertThat((Map<String, Object>) expanded.get("Security")).containsEntry("IsDisabled", false)
			.containsEntry("odata.type", "ShareFile.Api.Models.UserSecurity");
		assertThat((Map<String, Object>) expanded.get("Preferences")).containsEntry("CanResetPassword", true);

		assertThat(sf.get(sub, "Users(" + id + ")/Security", admin).json()).containsEntry("IsDisabled", false);
		assertThat(sf.get(sub, "Users(" + id + ")/Preferences", admin).json()).containsKey("CanViewMySettings");

		Map<String, Object> selected = sf.get(sub, "Users(" + id + ")?$select=Id,Email", admin).json();
		assertThat(selected.keySet()).containsExactlyInAnyOrder("odata.metadata", "odata.type", "Id", "url", "Email");
	}

	@Test
	void patchAsPatchOrAsPostWithMethodOverride() {
		String id = client("patch@example.com");

		Reply patched = sf.send("PATCH", api(sub, "Users(" + id + ")"), admin,
				"{\"FirstName\":\"New\",\"LastName\":\"Name\",\"Company\":\"Co\",\"IsAdministrator\":true}");
		assertThat(patched.status()).isEqualTo(200);
		assertThat(patched.json()).containsEntry("FirstName", "New").containsEntry("Company", "Co");

		Reply overridden = sf.send("POST", api(sub, "Users(" + id + ")"), admin,
				"{\"Email\":\"renamed@example.com\",\"Security\":{\"IsDisabled\":true}}",
				Map.of("X-Http-Method-Override", "PATCH"));
		assertThat(overridden.status()).isEqualTo(200);
		assertThat(overridden.json()).containsEntry("Email", "renamed@example.com");
		assertThat(sf.get(sub, "Users(" + id + ")/Security", admin).json()).containsEntry("IsDisabled", true);

		client("taken@example.com");
		Reply conflict = sf.send("PATCH", api(sub, "Users(" + id + ")"), admin, "{\"Email\":\"Taken@example.com\"}");
		assertThat(conflict.status()).isEqualTo(409);

		Reply empty = sf.send("PATCH", api(sub, "Users(" + id + ")"), admin, "{}");
		assertThat(empty.status()).isEqualTo(200);
	}

	@Test
	void employeeLicencesAreCountedAndExhaustionIsRefused() {
		// admin holds 1 of 3
		employee("e1@example.com");
		employee("e2@example.com");

		Reply refused = post("Users/AccountUser",
				"{\"Email\":\"e3@example.com\",\"FirstName\":\"E\",\"LastName\":\"3\"}");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json()).containsEntry("code", "BadRequest")
			.containsEntry("reason", "EmployeeLicensesExceeded");
		assertThat(sf.get(sub, "Users?emailaddress=e3%40example.com", admin).status()).isEqualTo(404);

		String clientId = client("c@example.com");
		Reply promote = sf.send("PATCH", api(sub, "Users/AccountUser(" + clientId + ")"), admin,
				"{\"IsEmployee\":true}");
		assertThat(promote.json()).containsEntry("reason", "EmployeeLicensesExceeded");

		sf.send("PUT", "/sandbox/api/sharefile/" + sub + "/settings", null, "{\"employeeLicences\":4}");
		Reply promoted = sf.send("POST", api(sub, "Users/AccountUser(" + clientId + ")"), admin,
				"{\"isEmployee\":true,\"CanUseFileBox\":true}", Map.of("X-Http-Method-Override", "PATCH"));
		assertThat(promoted.status()).isEqualTo(200);
		assertThat(promoted.json()).containsEntry("odata.type", "ShareFile.Api.Models.AccountUser")
			.containsEntry("CanUseFileBox", true);
		assertThat((List<Object>) promoted.json().get("Roles")).contains("Employee").doesNotContain("Client");

		Map<String, Object> account = sf.get(sub, "Accounts", admin).json();
		assertThat(account).containsEntry("UserMax", 4);
		assertThat((Map<String, Object>) account.get("UserUsage")).containsEntry("EmployeeCount", 4)
			.containsEntry("ClientCount", 0);
	}

	@Test
	void deleteDisablesByDefaultAndRemovesCompletelyWithGroupReassignment() {
		String heir = employee("heir@example.com");
		String leaver = employee("leaver@example.com");
		String leaverToken = setPasswordAndLogin(leaver, "leaver@example.com");
		Reply group = sf.send("POST", api(sub, "Groups"), leaverToken, "{\"Name\":\"Leaver's group\"}");
		String groupId = (String) group.json().get("Id");

		Reply disabled = sf.send("DELETE", api(sub, "Users(" + leaver + ")?completely=false"), admin, null);
		assertThat(disabled.status()).isEqualTo(204);
		assertThat(sf.get(sub, "Users(" + leaver + ")?$expand=Security", admin).json().get("Security"))
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsEntry("IsDisabled", true);

		Reply unknownHeir = sf.send("DELETE",
				api(sub, "Users(" + leaver + ")?completely=true&groupsReassignTo=00000000-0000-0000-0000-000000000000"),
				admin, null);
		assertThat(unknownHeir.status()).isEqualTo(400);

		Reply removed = sf.send("DELETE",
				api(sub, "Users(" + leaver + ")?completely=true&itemsReassignTo=" + heir + "&groupsReassignTo=" + heir),
				admin, null);
		assertThat(removed.status()).isEqualTo(204);
		assertThat(sf.get(sub, "Users(" + leaver + ")", admin).status()).isEqualTo(404);
		Map<String, Object> reassigned = sf.get(sub, "Groups(" + groupId + ")?$expand=Owner", admin).json();
		assertThat((Map<String, Object>) reassigned.get("Owner")).containsEntry("Id", heir);
		// the licence is free again
		employee("next@example.com");
	}

	@Test
	void deleteCompletelyWithoutGroupsReassignToDeletesOwnedGroups() {
		String leaver = employee("owner@example.com");
		String token = setPasswordAndLogin(leaver, "owner@example.com");
		String groupId = (String) sf.send("POST", api(sub, "Groups"), token, "{\"Name\":\"Mine\"}").json().get("Id");

		assertThat(sf
			.send("POST", api(sub, "Users(" + leaver + ")?completely=true"), admin, "{}",
					Map.of("X-Http-Method-Override", "DELETE"))
			.status()).isEqualTo(204);

		assertThat(sf.get(sub, "Groups(" + groupId + ")", admin).status()).isEqualTo(404);
	}

	@Test
	void resetPasswordThenSignInWithTheNewPassword() {
		String id = client("pw@example.com");

		Reply reset = post("Users(" + id + ")/ResetPassword?notify=false", "{\"NewPassword\":\"Brand-new-9\"}");
		assertThat(reset.status()).isEqualTo(200);
		assertThat(reset.json()).containsEntry("Id", id).doesNotContainKeys("Password", "NewPassword");

		String token = sf.login(sub, "pw@example.com", "Brand-new-9");
		assertThat(sf.get(sub, "Users", token).json()).containsEntry("Id", id);

		Reply weak = post("Users(" + id + ")/ResetPassword", "{\"NewPassword\":\"short\"}");
		assertThat(weak.status()).isEqualTo(400);
		assertThat(weak.json()).containsEntry("reason", "InvalidPassword");

		// a user changing their own password must give the old one
		Reply wrongOld = sf.send("POST", api(sub, "Users(" + id + ")/ResetPassword"), token,
				"{\"OldPassword\":\"guess-1234\",\"NewPassword\":\"Other-pass-2\"}");
		assertThat(wrongOld.status()).isEqualTo(400);
		Reply rightOld = sf.send("POST", api(sub, "Users(" + id + ")/ResetPassword"), token,
				"{\"OldPassword\":\"Brand-new-9\",\"NewPassword\":\"Other-pass-2\"}");
		assertThat(rightOld.status()).isEqualTo(200);
		sf.login(sub, "pw@example.com", "Other-pass-2");
	}

	@Test
	void nonAdministratorsGet403OnAdminOperations() {
		String id = employee("plain@example.com");
		String token = setPasswordAndLogin(id, "plain@example.com");
		String other = client("other@example.com");

		for (Reply reply : List.of(
				sf.send("POST", api(sub, "Users"), token,
						"{\"Email\":\"x@example.com\",\"FirstName\":\"X\",\"LastName\":\"Y\"}"),
				sf.send("POST", api(sub, "Users/AccountUser"), token,
						"{\"Email\":\"y@example.com\",\"FirstName\":\"X\",\"LastName\":\"Y\"}"),
				sf.send("PATCH", api(sub, "Users(" + other + ")"), token, "{\"FirstName\":\"Z\"}"),
				sf.send("DELETE", api(sub, "Users(" + other + ")"), token, null),
				sf.get(sub, "Accounts/Employees", token), sf.get(sub, "Users(" + other + ")/Security", token))) {
			assertThat(reply.status()).as(reply.body()).isEqualTo(403);
			assertThat(reply.json()).containsEntry("code", "Forbidden").containsEntry("reason", "NotAuthorized");
		}
		// reading another user gives only minimal information
		assertThat(sf.get(sub, "Users(" + other + ")", token).json()).containsKey("Email").doesNotContainKey("Roles");
	}

	@Test
	void onlyJsonBodiesAreAccepted() {
		Reply text = sf.sendRaw("POST", api(sub, "Users"), admin, "Email=a@b.c", "text/plain");
		assertThat(text.status()).isEqualTo(415);
		assertThat(text.json()).containsEntry("code", "UnsupportedMediaType").containsKey("reason");

		Reply malformed = sf.send("POST", api(sub, "Users"), admin, "{not json");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.json()).containsEntry("code", "BadRequest");

		Reply missingEmail = post("Users", "{}");
		assertThat(missingEmail.status()).isEqualTo(400);
		assertThat(missingEmail.message()).contains("Email");
	}

	private String setPasswordAndLogin(String id, String email) {
		assertThat(post("Users(" + id + ")/ResetPassword", "{\"NewPassword\":\"Start-pass-1\"}").status())
			.isEqualTo(200);
		return sf.login(sub, email, "Start-pass-1");
	}

}
