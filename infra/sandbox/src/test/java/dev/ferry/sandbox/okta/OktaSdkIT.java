package dev.ferry.sandbox.okta;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.okta.sdk.authc.credentials.TokenClientCredentials;
import com.okta.sdk.cache.Caches;
import com.okta.sdk.client.Clients;
import com.okta.sdk.helper.PaginationUtil;
import com.okta.sdk.resource.api.ApplicationUsersApi;
import com.okta.sdk.resource.api.UserApi;
import com.okta.sdk.resource.client.ApiClient;
import com.okta.sdk.resource.model.AppUser;
import com.okta.sdk.resource.model.User;
import com.okta.sdk.resource.model.UserGetSingleton;
import com.okta.sdk.resource.model.UserStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.ferry.sandbox.okta.OktaHttp.ACME_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official Okta Java SDK (24.0.0) against the stand-in: paging through users by its
 * own {@code Link}-header handling, reading a user, listing an app's users.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OktaSdkIT {

	@LocalServerPort
	int port;

	OktaHttp http;

	@BeforeAll
	static void allowHttp() {
		System.setProperty("okta.testing.disableHttpsCheck", "true");
	}

	@BeforeEach
	void reset() {
		http = new OktaHttp(port);
		http.post("/sandbox/api/reset", null, null);
	}

	ApiClient client(String org) {
		return Clients.builder()
			.setOrgUrl("http://127.0.0.1:" + port + "/okta/" + org)
			.setClientCredentials(new TokenClientCredentials("sandbox-token-" + org))
			.setCacheManager(Caches.newDisabledCacheManager())
			.build();
	}

	@Test
	void listsUsersAcrossPages() throws Exception {
		assertThat(http.post("/sandbox/api/okta/orgs", null, "{\"name\":\"sdkorg\"}").status()).isEqualTo(201);
		assertThat(
				http.post("/sandbox/api/okta/sdkorg/users/bulk", null, "{\"count\":450,\"prefix\":\"sdk\"}").status())
			.isEqualTo(200);
		ApiClient client = client("sdkorg");
		UserApi users = new UserApi(client);
		Set<String> ids = new HashSet<>();
		int pages = 0;
		String after = null;
		do {
			List<User> page = users.listUsers(null, null, after, 200, null, null, null, null);
			page.forEach(user -> ids.add(user.getId()));
			assertThat(page).allSatisfy(user -> assertThat(user.getStatus()).isEqualTo(UserStatus.ACTIVE));
			after = PaginationUtil.getAfter(client);
			pages++;
		}
		while (after != null && pages < 10);
		assertThat(pages).isEqualTo(3);
		assertThat(ids).hasSize(450);
	}

	@Test
	void getsAUserAndListsAppUsers() throws Exception {
		ApiClient client = client("acme");
		UserGetSingleton ada = new UserApi(client).getUser("ada.stone@acme.example", null, null);
		assertThat(ada.getId()).startsWith("00u");
		assertThat(ada.getProfile().getLogin()).isEqualTo("ada.stone@acme.example");
		assertThat(ada.getProfile().getFirstName()).isEqualTo("Ada");
		assertThat(ada.getStatus()).isEqualTo(UserStatus.ACTIVE);

		String appId = http.get("/okta/acme/api/v1/apps?q=ShareFile", ACME_TOKEN).json().get(0).path("id").asString();
		List<AppUser> appUsers = new ApplicationUsersApi(client).listApplicationUsers(appId, null, 50, null, "user");
		assertThat(appUsers).hasSize(13);
		assertThat(appUsers).extracting(AppUser::getScope).contains(AppUser.ScopeEnum.USER, AppUser.ScopeEnum.GROUP);
		assertThat(appUsers.get(0).getCredentials().getUserName()).endsWith("@acme.example");
	}

}
