package dev.ferry.okta;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class OktaRateBucketTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			GET    | /api/v1/users?limit=200                         | USERS
			POST   | /api/v1/users?activate=true                     | USERS
			GET    | /api/v1/users/00u1                              | USER_READ
			GET    | /api/v1/users/00u1/groups                       | USER_READ
			POST   | /api/v1/users/00u1                              | USER_WRITE
			POST   | /api/v1/users/00u1/lifecycle/deactivate         | USER_WRITE
			GET    | /api/v1/groups?limit=200                        | GROUPS
			GET    | /api/v1/groups/00g1/users?limit=1000            | GROUP
			GET    | /api/v1/apps?limit=200                          | APPS
			GET    | /api/v1/apps/0oa1                               | APP
			GET    | /api/v1/apps/0oa1/users?expand=user&limit=500   | APPS
			GET    | /api/v1/apps/0oa1/users/00u1                    | APPS
			GET    | /api/v1/logs?since=x                            | LOGS
			POST   | /api/v1/eventHooks                              | OTHER
			POST   | /oauth2/v1/token                                | OTHER
			GET    | /okta/acme/api/v1/apps/0oa1/users?limit=500     | APPS
			GET    | /okta/acme/api/v1/users/00u1                    | USER_READ
			""")
	void eachRequestCountsInTheBucketOktaCountsItIn(String method, String path, OktaRateBucket bucket) {
		assertThat(OktaRateBucket.of(method, path)).isEqualTo(bucket);
	}

}
