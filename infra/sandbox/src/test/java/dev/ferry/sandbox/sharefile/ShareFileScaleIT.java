package dev.ferry.sandbox.sharefile;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ferry.sandbox.sharefile.SfHttp.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100,000 users in one account; deep pages read correctly. Timings are printed, not
 * asserted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShareFileScaleIT {

	@LocalServerPort
	int port;

	@Test
	void deepPagesOfAHundredThousandEmployees() {
		SfHttp sf = new SfHttp(port);
		String sub = sf.newAccount(100_001);
		String admin = sf.admin(sub);

		long started = System.nanoTime();
		Reply generated = sf.send("POST", "/sandbox/api/sharefile/" + sub + "/users/generate", null,
				"{\"count\":100000,\"employees\":true}");
		long generateMillis = (System.nanoTime() - started) / 1_000_000;
		assertThat(generated.json()).containsEntry("created", 100_000).containsEntry("users", 100_001);

		for (int skip : new int[] { 0, 50_000, 99_000, 99_000, 99_500 }) {
			started = System.nanoTime();
			Reply page = sf.get(sub, "Accounts/Employees?$top=500&$skip=" + skip, admin);
			long pageMillis = (System.nanoTime() - started) / 1_000_000;
			System.out.printf("scale: Accounts/Employees?$top=500&$skip=%d -> %d ms, %d bytes%n", skip, pageMillis,
					page.body().length());
			List<Map<String, Object>> value = page.value();
			assertThat(page.json()).containsEntry("odata.count", 100_001);
			assertThat(value).hasSize(500);
			String expectedFirst = skip == 0 ? "sf.admin@" + sub + ".example" : "user" + skip + "@" + sub + ".example";
			assertThat(value.get(0)).containsEntry("Email", expectedFirst);
			assertThat(page.json().containsKey("odata.nextLink")).isEqualTo(skip + 500 < 100_001);
		}

		started = System.nanoTime();
		Reply last = sf.get(sub, "Accounts/Employees?$select=Id,Email&$top=500&$skip=100000", admin);
		System.out.printf("scale: last page ($skip=100000, $select) -> %d ms%n",
				(System.nanoTime() - started) / 1_000_000);
		assertThat(last.value()).extracting(c -> c.get("Email")).containsExactly("user100000@" + sub + ".example");

		started = System.nanoTime();
		Reply byEmail = sf.get(sub, "Users?emailaddress=USER77777%40" + sub + ".example", admin);
		System.out.printf("scale: generate 100,000 -> %d ms; Users?emailaddress lookup -> %d ms%n", generateMillis,
				(System.nanoTime() - started) / 1_000_000);
		assertThat(byEmail.json()).containsEntry("LastName", "77777");
	}

}
