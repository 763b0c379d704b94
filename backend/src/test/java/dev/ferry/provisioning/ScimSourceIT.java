package dev.ferry.provisioning;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import dev.ferry.audit.AuditQuery;
import dev.ferry.audit.AuditRecord;
import dev.ferry.connection.Connections;
import dev.ferry.connection.ScimTokens;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An organisation whose identity source is SCIM push (docs/scim.md): an identity provider
 * creates, finds, patches, replaces and deletes people at Ferry's SCIM endpoint in the
 * shapes Okta and Entra ID send, and ShareFile follows through the engine — the account
 * created, disabled when the person is deactivated, enabled again, renamed, disabled when
 * the person is deleted. The SCIM answers are RFC 7644's, errors included, and every
 * write is audited with the identity provider as actor.
 */
@FerryIntegrationTest
class ScimSourceIT {

	static final Duration CONVERGE = Duration.ofSeconds(60);

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Connections connections;

	@Autowired
	Provisioning provisioning;

	@Autowired
	ScimTokens scimTokens;

	@Autowired
	AuditQuery audit;

	@Autowired
	org.springframework.jdbc.core.JdbcTemplate jdbc;

	ProvisioningWorld world;

	String base;

	String token;

	final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void scimOrganisation() {
		world = new ProvisioningWorld(tenants, members, connections, provisioning);
		world.as(() -> assertThat(connections.saveSource("scim", Map.of(), ProvisioningWorld.ADMIN)).isEmpty());
		world.configure(config -> config.withEnabled(true));
		token = world.as(() -> scimTokens.generate(ProvisioningWorld.ADMIN));
		base = scimTokens.baseUrl(world.tenant.slug());
	}

	@Test
	void anIdentityProviderProvisionsAPersonThroughScimAndShareFileFollows() throws Exception {
		String email = "ada.lovelace@" + world.org + ".example";
		// Okta's first step for an assignment: is the person there already?
		HttpResponse<String> none = send("GET",
				"/Users?filter=" + encode("userName eq \"" + email + "\"") + "&startIndex=1&count=100", null);
		assertThat(none.statusCode()).isEqualTo(200);
		assertThat(none.headers().firstValue("Content-Type").orElse("")).startsWith("application/scim+json");
		JsonNode empty = json(none);
		assertThat(empty.path("totalResults").asInt(-1)).isZero();
		assertThat(empty.path("schemas").get(0).asString())
			.isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");

		// Okta's create: a password and an empty groups list come with it
		HttpResponse<String> created = send("POST", "/Users", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
				 "name":{"givenName":"Ada","familyName":"Lovelace"},
				 "emails":[{"primary":true,"value":"%s","type":"work"}],"displayName":"Ada Lovelace",
				 "locale":"en-GB","externalId":"00uada","groups":[],"password":"Never-Stored-1","active":true}"""
			.formatted(email, email));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode ada = json(created);
		String id = ada.path("id").asString();
		assertThat(id).isNotBlank();
		assertThat(created.headers().firstValue("Location")).contains(base + "/Users/" + id);
		assertThat(ada.path("meta").path("location").asString()).isEqualTo(base + "/Users/" + id);
		assertThat(ada.path("externalId").asString()).isEqualTo("00uada");
		assertThat(ada.path("active").asBoolean()).isTrue();
		assertThat(ada.has("password")).isFalse();
		assertThat(created.body()).doesNotContain("Never-Stored-1");

		await().atMost(CONVERGE).until(() -> world.shareFileUser(email) != null);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(shareFileSignIn(email, "Never-Stored-1"))
				.as("the password sent with the create signs in")
				.isEqualTo(200));
		JsonNode account = world.shareFileUser(email);
		assertThat(ProvisioningWorld.text(account, "firstName")).isEqualTo("Ada");
		assertThat(ProvisioningWorld.text(account, "lastName")).isEqualTo("Lovelace");

		// userName is unique ignoring case
		HttpResponse<String> again = send("POST", "/Users",
				"{\"userName\":\"" + email.toUpperCase(java.util.Locale.ROOT) + "\",\"active\":true}");
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(json(again).path("scimType").asString()).isEqualTo("uniqueness");
		assertThat(json(again).path("status").asString()).isEqualTo("409");

		// found again whatever the case, and by an Entra-style value path filter
		assertThat(json(send("GET",
				"/Users?filter=" + encode("userName eq \"" + email.toUpperCase(java.util.Locale.ROOT) + "\""), null))
			.path("totalResults")
			.asInt()).isEqualTo(1);
		assertThat(json(
				send("GET", "/Users?filter=" + encode("emails[type eq \"work\"].value eq \"" + email + "\""), null))
			.path("Resources")
			.get(0)
			.path("id")
			.asString()).isEqualTo(id);
		assertThat(json(
				send("GET", "/Users?filter=" + encode("name.familyName sw \"Love\" and not (active eq false)"), null))
			.path("totalResults")
			.asInt()).isEqualTo(1);

		// Okta deactivates with a path-less replace: ShareFile disables the account
		HttpResponse<String> deactivated = send("PATCH", "/Users/" + id,
				"{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
						+ "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}");
		assertThat(deactivated.statusCode()).as(deactivated.body()).isEqualTo(200);
		assertThat(json(deactivated).path("active").asBoolean(true)).isFalse();
		await().atMost(CONVERGE).until(() -> ProvisioningWorld.disabled(world.shareFileUser(email)));

		// Entra ID reactivates with a capitalised op and a boolean as a string
		HttpResponse<String> reactivated = send("PATCH", "/Users/" + id,
				"{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
						+ "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}]}");
		assertThat(reactivated.statusCode()).as(reactivated.body()).isEqualTo(200);
		assertThat(json(reactivated).path("active").asBoolean(false)).isTrue();
		await().atMost(CONVERGE).until(() -> !ProvisioningWorld.disabled(world.shareFileUser(email)));

		// a password sent with a change is never kept
		HttpResponse<String> password = send("PATCH", "/Users/" + id,
				"{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
						+ "\"Operations\":[{\"op\":\"replace\",\"value\":{\"password\":\"Never-Stored-2\"}}]}");
		assertThat(password.statusCode()).as(password.body()).isEqualTo(200);
		assertThat(password.body()).doesNotContain("Never-Stored");
		assertThat(shareFileSignIn(email, "Never-Stored-2")).as("set in ShareFile at once").isEqualTo(200);
		assertThat(shareFileSignIn(email, "Never-Stored-1")).isNotEqualTo(200);
		assertThat(world
			.as(() -> String.join("\n", jdbc.queryForList("select resource::text from scim_identity", String.class))))
			.contains("Lovelace")
			.doesNotContain("Never-Stored");

		// an AIW app PUTs the whole user; active left out keeps its value
		HttpResponse<String> replaced = send("PUT", "/Users/" + id, """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
				 "name":{"givenName":"Ada","familyName":"King"},"emails":[{"primary":true,"value":"%s"}]}"""
			.formatted(email, email));
		assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
		assertThat(json(replaced).path("active").asBoolean(false)).isTrue();
		assertThat(json(replaced).path("name").path("familyName").asString()).isEqualTo("King");
		await().atMost(CONVERGE)
			.until(() -> "King".equals(ProvisioningWorld.text(world.shareFileUser(email), "lastName")));

		// deleted in the identity provider: gone from SCIM, disabled in ShareFile (the
		// policy). Ada was disabled minutes ago already: the same person again is no
		// mass deprovisioning, so it is not held
		HttpResponse<String> deleted = send("DELETE", "/Users/" + id, null);
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		HttpResponse<String> gone = send("GET", "/Users/" + id, null);
		assertThat(gone.statusCode()).isEqualTo(404);
		assertThat(json(gone).path("status").asString()).isEqualTo("404");
		await().atMost(CONVERGE).until(() -> ProvisioningWorld.disabled(world.shareFileUser(email)));

		assertThat(world.as(() -> audit.page("provisioning.set_password", null, 10))).extracting(AuditRecord::outcome)
			.containsOnly("SUCCESS")
			.hasSize(2);
		List<AuditRecord> writes = world.as(() -> audit.page("scim.user", null, 20));
		assertThat(writes).extracting(AuditRecord::action)
			.contains("scim.user.created", "scim.user.patched", "scim.user.replaced", "scim.user.deleted");
		assertThat(writes).allSatisfy(write -> {
			assertThat(write.actorType()).isEqualTo("SCIM");
			// named after the token the identity provider came with
			assertThat(write.actorName()).isEqualTo("SCIM client: Token");
			assertThat(write.details()).doesNotContain("Never-Stored-1");
		});
	}

	@Test
	void groupsPushedThroughScimBecomeShareFileGroupsWithTheirMembers() throws Exception {
		assertThat(world.pushGroups(new ProvisioningConfig.GroupPush(List.of("Sales"), ""))).isEmpty();
		String ada = createUser("ada");
		String bob = createUser("bob");
		String cy = createUser("cy");
		await().atMost(CONVERGE).until(() -> world.shareFileUser(email("cy")) != null);

		// Entra ID creates the group without members, then adds them with a value array
		HttpResponse<String> created = send("POST", "/Groups", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group",
				            "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
				 "externalId":"8aa1a0c0-entra","displayName":"Sales","meta":{"resourceType":"Group"}}""");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String sales = json(created).path("id").asString();
		assertThat(created.headers().firstValue("Location")).contains(base + "/Groups/" + sales);
		HttpResponse<String> added = send("PATCH", "/Groups/" + sales,
				"{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"Add\","
						+ "\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\"" + ada + "\"},{\"value\":\""
						+ bob + "\"}]}]}");
		assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
		await().atMost(CONVERGE)
			.until(() -> List.of(email("ada"), email("bob")).equals(world.shareFileGroups().get("Sales")));

		// found by name without its members, as Entra ID reads it
		JsonNode found = json(
				send("GET", "/Groups?excludedAttributes=members&filter=" + encode("displayName eq \"sales\""), null));
		assertThat(found.path("totalResults").asInt()).isEqualTo(1);
		assertThat(found.path("Resources").get(0).has("members")).isFalse();

		// Okta removes with a filter, adds another; Entra ID removes with a value array
		assertThat(send("PATCH", "/Groups/" + sales,
				"{\"Operations\":[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + ada
						+ "\\\"]\"},{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + cy + "\"}]}]}")
			.statusCode()).isEqualTo(200);
		await().atMost(CONVERGE)
			.until(() -> List.of(email("bob"), email("cy")).equals(world.shareFileGroups().get("Sales")));
		HttpResponse<String> removed = send("PATCH", "/Groups/" + sales, "{\"Operations\":[{\"op\":\"Remove\","
				+ "\"path\":\"members\",\"value\":[{\"value\":\"" + bob + "\"}]}]}");
		assertThat(json(removed).path("members")).extracting(member -> member.path("value").asString())
			.containsExactly(cy);
		await().atMost(CONVERGE).until(() -> List.of(email("cy")).equals(world.shareFileGroups().get("Sales")));

		// a member that is not a user of this endpoint is refused, and nothing changes
		HttpResponse<String> stranger = send("PATCH", "/Groups/" + sales,
				"{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"00u-not-ours\"}]}]}");
		assertThat(stranger.statusCode()).isEqualTo(400);
		assertThat(json(stranger).path("scimType").asString()).isEqualTo("invalidValue");
		assertThat(json(send("GET", "/Groups/" + sales, null)).path("members")).hasSize(1);

		// deleted in the identity provider: the group Ferry pushed is retired in
		// ShareFile
		// (another group remains: a source that lists no groups at all retires nothing)
		assertThat(send("POST", "/Groups", "{\"displayName\":\"Support\"}").statusCode()).isEqualTo(201);
		assertThat(send("DELETE", "/Groups/" + sales, null).statusCode()).isEqualTo(204);
		assertThat(send("GET", "/Groups/" + sales, null).statusCode()).isEqualTo(404);
		await().atMost(CONVERGE).until(() -> !world.shareFileGroups().containsKey("Sales"));
		assertThat(world.as(() -> audit.page("scim.group", null, 20))).extracting(AuditRecord::action)
			.contains("scim.group.created", "scim.group.patched", "scim.group.deleted");
	}

	@Test
	void membershipPatchesOfOneGroupSentAtOnceAllLand() throws Exception {
		// Okta pushes a group's members as people are assigned, several requests at a
		// time: none may undo another
		List<String> ids = new java.util.ArrayList<>();
		for (int i = 0; i < 16; i++) {
			ids.add(createUser("m" + i));
		}
		String group = json(send("POST", "/Groups", "{\"displayName\":\"Crowd\",\"members\":[]}")).path("id")
			.asString();
		try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
			List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
			for (String id : ids) {
				answers.add(pool.submit(() -> send("PATCH", "/Groups/" + group,
						"{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + id
								+ "\"}]}]}")));
			}
			for (var answer : answers) {
				assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(200);
			}
		}
		assertThat(json(send("GET", "/Groups/" + group, null)).path("members"))
			.extracting(member -> member.path("value").asString())
			.containsExactlyInAnyOrderElementsOf(ids);
	}

	private String email(String name) {
		return name + "@" + world.org + ".example";
	}

	private String createUser(String name) throws Exception {
		HttpResponse<String> created = send("POST", "/Users", """
				{"userName":"%s","name":{"givenName":"%s","familyName":"Tester"},
				 "emails":[{"primary":true,"value":"%s","type":"work"}],"active":true}""".formatted(email(name), name,
				email(name)));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json(created).path("id").asString();
	}

	@Test
	void aPasswordSentWithACreateWhileShareFileIsDownIsSetOnceTheAccountIsMade() throws Exception {
		String email = email("patient");
		world.sandbox.control("PUT", "/sandbox/api/sharefile/" + world.org + "/faults", "{\"outageSeconds\":15}");
		long before = System.nanoTime();
		HttpResponse<String> created = send("POST", "/Users", """
				{"userName":"%s","name":{"givenName":"Pat","familyName":"Ient"},
				 "emails":[{"primary":true,"value":"%s","type":"work"}],"password":"Outage-Proof-9","active":true}"""
			.formatted(email, email));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(Duration.ofNanos(System.nanoTime() - before)).as("answered without waiting for ShareFile")
			.isLessThan(Duration.ofSeconds(5));
		// the outage ends; the sync makes the account and the password waiting in
		// memory is set
		await().atMost(CONVERGE).until(() -> world.shareFileUser(email) != null);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(shareFileSignIn(email, "Outage-Proof-9")).isEqualTo(200));
		assertThat(world.as(() -> audit.page("provisioning.set_password", null, 10))).extracting(AuditRecord::outcome)
			.containsExactly("SUCCESS");
		assertThat(world.as(() -> jdbc.queryForList("select payload::text from job", String.class)))
			.as("the person's sync was queued, without the password")
			.isNotEmpty()
			.noneMatch(payload -> payload.contains("Outage-Proof-9"));
	}

	@Test
	void aMassDeactivationIsHeldAndTheIdentityProviderIsToldWhereToApproveIt() throws Exception {
		// one account at a time may be taken away in ten minutes (the threshold's floor)
		world.configure(config -> new ProvisioningConfig(true, config.features(), config.passwordPolicy(),
				config.scope(), config.userTypes(), config.mappings(), config.groupPush(), config.importSettings(),
				config.deprovisioning(), new ProvisioningConfig.Safety(1, 1), config.reconcileIntervalMinutes()));
		String first = createUser("leaver1");
		String second = createUser("leaver2");
		await().atMost(CONVERGE)
			.until(() -> world.shareFileUser(email("leaver1")) != null
					&& world.shareFileUser(email("leaver2")) != null);
		await().atMost(CONVERGE).until(() -> world.as(() -> provisioning.linkedAccounts()) == 2);

		String deactivate = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
				+ "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}";
		HttpResponse<String> flows = send("PATCH", "/Users/" + first, deactivate);
		assertThat(flows.statusCode()).as(flows.body()).isEqualTo(200);
		assertThat(json(flows).path("active").asBoolean(true)).isFalse();
		await().atMost(CONVERGE).until(() -> ProvisioningWorld.disabled(world.shareFileUser(email("leaver1"))));

		// the second within ten minutes passes the threshold: held, and the client is
		// told
		HttpResponse<String> held = send("PATCH", "/Users/" + second, deactivate);
		assertError(held, 503, null);
		String detail = json(held).path("detail").asString();
		assertThat(detail).startsWith("Held for approval")
			.contains("/t/" + world.tenant.slug() + "/provisioning/runs/");
		assertThat(ProvisioningWorld.disabled(world.shareFileUser(email("leaver2")))).isFalse();
		// Ferry recorded what the identity provider wants
		assertThat(json(send("GET", "/Users/" + second, null)).path("active").asBoolean(true)).isFalse();
		// its retry is held too while nobody has decided
		assertError(send("PATCH", "/Users/" + second, deactivate), 503, null);

		RunSummary run = world.as(() -> provisioning.latestRuns(20))
			.stream()
			.filter(summary -> summary.status() == RunStatus.HELD)
			.findFirst()
			.orElseThrow();
		assertThat(detail).contains(run.id().value().toString());
		world.as(() -> provisioning.approveHeld(run.id(), ProvisioningWorld.ADMIN));
		await().atMost(CONVERGE).until(() -> ProvisioningWorld.disabled(world.shareFileUser(email("leaver2"))));
		// once approved, the identity provider's retry succeeds
		HttpResponse<String> retried = send("PATCH", "/Users/" + second, deactivate);
		assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
	}

	@Test
	void switchingTheSourceDetachesLinkedAccountsAfterADryRunAndReMatchesThemByEmail() throws Exception {
		ProvisioningWorld okta = new ProvisioningWorld(tenants, members, connections, provisioning);
		okta.configure(config -> config.withEnabled(true));
		okta.assign(okta.person("Linked", "Person"));
		okta.assign(okta.person("Other", "Person"));
		await().atMost(CONVERGE).until(() -> okta.as(() -> provisioning.linkedAccounts()) == 2);
		String linked = "linked.person@" + okta.org + ".example";
		String other = "other.person@" + okta.org + ".example";
		int accounts = okta.shareFileUsers().size();

		// the dry run: what the switch does, before anything happens
		List<dev.ferry.system.Problem> effects = okta.as(() -> connections.switchEffects("scim"));
		assertThat(effects).singleElement().satisfies(effect -> {
			assertThat(effect.code()).isEqualTo("connections.source.switch.effect");
			assertThat(effect.args().getFirst()).isEqualTo(2L);
			assertThat(effect.args().get(1).toString()).contains(linked, other);
		});
		assertThat(okta.as(() -> connections.switchEffects("okta"))).as("no switch, no effect").isEmpty();
		// not confirmed: refused, nothing changed
		assertThatThrownBy(() -> okta.as(() -> connections.saveSource("scim", Map.of(), ProvisioningWorld.ADMIN)))
			.isInstanceOfSatisfying(dev.ferry.system.Refusal.class, refusal -> assertThat(refusal.problem())
				.isEqualTo(dev.ferry.system.Problem.of("connections.flash.source.switchConfirm")));
		assertThat(okta.as(() -> connections.source()).orElseThrow().kind()).isEqualTo("okta");
		assertThat(okta.as(() -> provisioning.linkedAccounts())).isEqualTo(2);

		// confirmed: switched, links detached, ShareFile untouched
		assertThat(okta.as(() -> connections.saveSource("scim", Map.of(), true, ProvisioningWorld.ADMIN))).isEmpty();
		assertThat(okta.as(() -> connections.source()).orElseThrow().kind()).isEqualTo("scim");
		assertThat(okta.as(() -> provisioning.linkedAccounts())).isZero();
		await().atMost(CONVERGE)
			.untilAsserted(
					() -> assertThat(okta.as(() -> audit.page("provisioning.links_detached", null, 5))).singleElement()
						.satisfies(entry -> assertThat(entry.details()).contains("\"detached\": 2")));

		// the identity provider pushes one of them: the existing account is linked again
		// by e-mail, not created twice
		base = scimTokens.baseUrl(okta.tenant.slug());
		token = okta.as(() -> scimTokens.generate(ProvisioningWorld.ADMIN));
		HttpResponse<String> pushed = send("POST", "/Users", """
				{"userName":"%s","name":{"givenName":"Linked","familyName":"Person"},
				 "emails":[{"primary":true,"value":"%s","type":"work"}],"active":true}""".formatted(linked, linked));
		assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
		await().atMost(CONVERGE).until(() -> okta.as(() -> provisioning.linkedAccounts()) == 1);
		assertThat(okta.shareFileUsers()).hasSize(accounts);
		// the one never pushed stays as it was: enabled, unmanaged
		assertThat(ProvisioningWorld.disabled(okta.shareFileUser(other))).isFalse();

		// and back to Okta's API: Okta still has both, so a reconcile re-matches both
		assertThat(okta.as(() -> connections.switchEffects("okta"))).hasSize(1);
		okta.as(() -> {
			assertThat(connections.saveSource("okta", okta.oktaSettings(), true, ProvisioningWorld.ADMIN)).isEmpty();
			okta.pickShareFileApp();
			provisioning.startRun(false, ProvisioningWorld.ADMIN);
		});
		await().atMost(CONVERGE).until(() -> okta.as(() -> provisioning.linkedAccounts()) == 2);
		assertThat(okta.shareFileUsers()).hasSize(accounts);
	}

	@Test
	void badRequestsGetScimErrorsAndChangeNothing() throws Exception {
		assertError(send("GET", "/Users?filter=" + encode("userName eq alice"), null), 400, "invalidFilter");
		assertError(send("POST", "/Users", "{\"name\":{\"givenName\":\"No\"}}"), 400, "invalidValue");
		assertError(send("POST", "/Users", "not json"), 400, "invalidSyntax");
		assertError(send("POST", "/Users", "{\"userName\":\"x@y.example\",\"active\":\"maybe\"}"), 400, "invalidValue");
		assertError(send("PATCH", "/Users/00000000-0000-0000-0000-000000000000",
				"{\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}"), 404, null);
		assertError(send("GET", "/Bogus", null), 404, null);
		assertThat(json(send("GET", "/Users", null)).path("totalResults").asInt(-1)).isZero();

		JsonNode config = json(send("GET", "/ServiceProviderConfig", null));
		assertThat(config.path("patch").path("supported").asBoolean()).isTrue();
		assertThat(config.path("bulk").path("supported").asBoolean(true)).isFalse();
		assertThat(json(send("GET", "/ResourceTypes", null)).path("Resources").get(0).path("endpoint").asString())
			.isEqualTo("/Users");
		assertThat(json(send("GET", "/Schemas", null)).path("totalResults").asInt()).isEqualTo(3);

		HttpResponse<String> stranger = http.send(HttpRequest.newBuilder(URI.create(base + "/Users"))
			.header("Authorization", "Bearer not-the-token")
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(stranger.statusCode()).isEqualTo(401);
	}

	/** A password grant at the sandbox's ShareFile, as a person signing in. */
	private int shareFileSignIn(String username, String password) throws Exception {
		String form = "grant_type=password&client_id=sandbox-client&client_secret=sandbox-secret&username="
				+ encode(username) + "&password=" + encode(password);
		return http
			.send(HttpRequest.newBuilder(URI.create(world.sandbox.shareFileBaseUrl(world.org) + "/oauth/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString())
			.statusCode();
	}

	private void assertError(HttpResponse<String> answer, int status, String scimType) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
		JsonNode error = json(answer);
		assertThat(error.path("schemas").get(0).asString()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
		assertThat(error.path("status").asString()).isEqualTo(Integer.toString(status));
		if (scimType != null) {
			assertThat(error.path("scimType").asString()).isEqualTo(scimType);
		}
	}

	private HttpResponse<String> send(String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.header("Authorization", "Bearer " + token)
			.header("Accept", "application/scim+json");
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return ProvisioningWorld.JSON.readTree(response.body());
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
	}

}
