package dev.ferry.sharefile;

import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;

import dev.ferry.connector.Account;

import static org.assertj.core.api.Assertions.assertThat;

class ShareFileMapperTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aContactKnowsItsStateFromItsListing() {
		Account account = ShareFileMapper.fromContact(
				JSON.readTree(
						"""
								{"Id":"u1","Email":"a@x.example","FirstName":"Ada","LastName":"Stone","Company":"Acme","IsDisabled":true,
								 "Name":"Stone, Ada","odata.type":"ShareFile.Api.Models.Contact"}"""),
				false);

		assertThat(account).isEqualTo(
				new Account("u1", "a@x.example", false, true, attributes("Ada", "Stone", "Acme", "a@x.example")));
	}

	@Test
	void aUserIsAnEmployeeByRoleOrTypeAndDisabledBySecurity() {
		Account employee = ShareFileMapper.fromUser(JSON.readTree(
				"""
						{"Id":"u2","Email":"b@x.example","FirstName":"Ben","LastName":"Reed","Roles":["Employee","CanChangePassword"],
						 "Security":{"IsDisabled":false}}"""));
		Account client = ShareFileMapper.fromUser(JSON.readTree("""
				{"Id":"u3","Email":"c@x.example","odata.type":"ShareFile.Api.Models.User","Roles":["Client"]}"""));
		Account byType = ShareFileMapper.fromUser(JSON.readTree("""
				{"Id":"u4","Email":"d@x.example","odata.type":"ShareFile.Api.Models.AccountUser"}"""));

		assertThat(employee.employee()).isTrue();
		assertThat(employee.disabled()).isFalse();
		assertThat(client.employee()).isFalse();
		assertThat(client.attributes()).containsEntry("Company", null);
		assertThat(byType.employee()).isTrue();
	}

	@Test
	void createBodiesCarryTheEmployeeFlagAndPasswordOnlyWhenGiven() {
		assertThat(ShareFileMapper.createBody(Map.of("Email", "e@x.example"), true, "Pass-word-1"))
			.containsEntry("IsEmployee", true)
			.containsEntry("Password", "Pass-word-1");
		assertThat(ShareFileMapper.createBody(Map.of("Email", "e@x.example"), false, null)).containsOnlyKeys("Email");
	}

	private static Map<String, Object> attributes(String first, String last, String company, String email) {
		Map<String, Object> attributes = new java.util.LinkedHashMap<>();
		attributes.put("FirstName", first);
		attributes.put("LastName", last);
		attributes.put("Company", company);
		attributes.put("Email", email);
		return attributes;
	}

}
