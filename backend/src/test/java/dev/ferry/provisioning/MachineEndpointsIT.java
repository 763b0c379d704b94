package dev.ferry.provisioning;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.ferry.audit.AuditQuery;
import dev.ferry.audit.AuditRecord;
import dev.ferry.connection.Connections;
import dev.ferry.connection.ScimTokens;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.TestUsers;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The machine endpoints — Okta's event hook and password import inline hook, and the SCIM
 * service — behind their one gate (docs/security.md, "The machine endpoints' gate"): they
 * answer callers exactly as Okta expects whatever is wrong with a request (unknown
 * organisation, too big, wrong secret, not JSON), record refusals, never start an HTTP
 * session, and are not opened by a portal session: only the organisation's hook secret or
 * SCIM token counts. Every handler under their paths is behind the gate.
 */
@FerryIntegrationTest
class MachineEndpointsIT {

	static final String SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

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
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	FindByIndexNameSessionRepository<? extends Session> sessions;

	final HttpClient http = HttpClient.newHttpClient();

	ProvisioningWorld world;

	String hook;

	String scim;

	@BeforeEach
	void world() {
		world = new ProvisioningWorld(tenants, members, connections, provisioning);
		world.registerHook();
		hook = world.as(() -> connections.hookUri(world.tenant.slug())).orElseThrow();
		scim = scimTokens.baseUrl(world.tenant.slug()) + "/Users";
	}

	@Test
	void theEventHookAnswersOktaAsBefore() {
		String secret = world.as(() -> connections.hookSecret()).orElseThrow();
		String unknown = hook.replace(world.tenant.slug(), "no-such-org-" + world.org);

		// Okta's one-time verification needs no secret, only a known organisation
		HttpResponse<String> verified = send(get(hook).header("x-okta-verification-challenge", "c-123"));
		assertThat(verified.statusCode()).isEqualTo(200);
		assertThat(verified.body()).isEqualTo("{\"verification\":\"c-123\"}");
		assertThat(send(get(hook)).statusCode()).isEqualTo(404);
		assertThat(send(get(unknown).header("x-okta-verification-challenge", "c-123")).statusCode()).isEqualTo(404);
		assertThat(send(get(hook.replace("/hooks/okta/", "/hooks/no-such-kind/"))
			.header("x-okta-verification-challenge", "c-123")).statusCode()).as("a kind no connector has")
			.isEqualTo(404);

		assertThat(send(post(unknown, "{}").header("Authorization", secret))).satisfies(answer -> {
			assertThat(answer.statusCode()).isEqualTo(404);
			assertThat(answer.body()).isEmpty();
		});
		assertThat(send(post(hook.replace(world.tenant.slug(), "x".repeat(41)), "{}")).statusCode()).isEqualTo(404);
		String huge = "{\"data\":\"" + "x".repeat(1024 * 1024) + "\"}";
		for (HttpRequest.Builder tooBig : List.of(post(hook, huge).header("Authorization", secret),
				chunked(hook, huge).header("Authorization", secret))) {
			HttpResponse<String> answer = send(tooBig);
			assertThat(answer.statusCode()).isEqualTo(413);
			assertThat(answer.body()).isEqualTo("{\"error\":\"body larger than 1 MiB\"}");
			assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
			assertThat(answer.headers().firstValue("Content-Security-Policy")).get()
				.asString()
				.startsWith("default-src 'self'");
			assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		}
		assertThat(send(post(hook, huge).header("Authorization", secret).header("Accept", "application/json")).headers()
			.firstValue("Content-Type")).hasValue("application/json");

		HttpResponse<String> refused = send(post(hook, "{}").header("Authorization", "not-the-secret"));
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.body()).isEmpty();
		assertThat(send(post(hook, "{}")).statusCode()).isEqualTo(401);
		List<AuditRecord> rejected = world.as(() -> audit.page("hook.rejected", null, 10));
		assertThat(rejected).hasSize(2).allSatisfy(event -> {
			assertThat(event.targetType()).isEqualTo("event_hook");
			assertThat(event.targetId()).isNull();
			assertThat(event.outcome()).isEqualTo("DENIED");
			assertThat(event.details()).contains("bad or missing Authorization");
		});

		for (String malformed : List.of("not json", "{}", "{\"data\":{\"events\":{}}}", "")) {
			HttpResponse<String> answer = send(post(hook, malformed).header("Authorization", secret));
			assertThat(answer.statusCode()).as(malformed).isEqualTo(400);
			assertThat(answer.body()).isEqualTo("{\"error\":\"not a change delivery Ferry can read\"}");
		}
		assertThat(send(post(hook.replace("/hooks/okta/", "/hooks/memory/"), "{\"data\":{\"events\":[]}}")
			.header("Authorization", secret)).statusCode()).as("the right secret, but not this organisation's source")
			.isEqualTo(404);
		List<AuditRecord> unreadable = world.as(() -> audit.page("hook.malformed", null, 10));
		assertThat(unreadable).hasSize(4);
		assertThat(unreadable.get(3).details()).contains("Unrecognized token 'not'");
		assertThat(unreadable.get(2).details()).contains("no data.events array");
		assertThat(unreadable.get(0).details()).contains("no data.events array");

		HttpResponse<String> accepted = send(
				post(hook, "{\"eventType\":\"com.okta.event_hook\",\"eventId\":\"e-1\",\"data\":{\"events\":[]}}")
					.header("Authorization", secret));
		assertThat(accepted.statusCode()).isEqualTo(200);
		assertThat(accepted.body()).isEmpty();
		// the body is JSON whatever the caller says it is
		assertThat(send(HttpRequest.newBuilder(URI.create(hook))
			.header("Authorization", secret)
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString("{\"data\":{\"events\":[]}}"))).statusCode()).isEqualTo(200);
		assertThat(send(HttpRequest.newBuilder(URI.create(hook))
			.header("Authorization", secret)
			.POST(HttpRequest.BodyPublishers.ofString("{\"data\":{\"events\":[]}}"))).statusCode()).isEqualTo(200);
	}

	@Test
	void thePasswordImportHookAnswersOktaAsBefore() {
		String secret = world.as(() -> connections.hookSecret()).orElseThrow();
		String importHook = hook + "/password-import";

		assertThat(send(post(hook.replace(world.tenant.slug(), "no-such-org-" + world.org) + "/password-import", "{}")
			.header("Authorization", secret))).satisfies(answer -> {
				assertThat(answer.statusCode()).isEqualTo(404);
				assertThat(answer.body()).isEmpty();
			});
		assertThat(send(post(importHook, "x".repeat(256 * 1024 + 1)).header("Authorization", secret)))
			.satisfies(answer -> {
				assertThat(answer.statusCode()).isEqualTo(413);
				assertThat(answer.body()).isEmpty();
			});

		HttpResponse<String> refused = send(post(importHook, "{}").header("Authorization", "not-the-secret"));
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.body()).isEmpty();
		List<AuditRecord> rejected = world.as(() -> audit.page("hook.rejected", null, 10));
		assertThat(rejected).singleElement().satisfies(event -> {
			assertThat(event.targetType()).isEqualTo("inline_hook");
			assertThat(event.targetId()).isEqualTo("password-import");
			assertThat(event.details()).contains("bad or missing Authorization");
		});

		assertThat(send(post(importHook, "not json").header("Authorization", secret))).satisfies(answer -> {
			assertThat(answer.statusCode()).isEqualTo(400);
			assertThat(answer.body()).isEmpty();
		});
		HttpResponse<String> unverified = send(
				post(importHook, "{\"data\":{\"context\":{\"credential\":{\"username\":\"nobody@" + world.org
						+ ".example\",\"password\":\"wrong\"}}}}")
					.header("Authorization", secret));
		assertThat(unverified.statusCode()).isEqualTo(200);
		assertThat(unverified.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(ProvisioningWorld.JSON.readTree(unverified.body())).isEqualTo(ProvisioningWorld.JSON.readTree(
				"{\"commands\":[{\"type\":\"com.okta.action.update\",\"value\":{\"credential\":\"UNVERIFIED\"}}]}"));
		assertThat(world.as(() -> audit.page("provisioning.password_import", null, 10))).singleElement()
			.satisfies(event -> {
				assertThat(event.targetId()).isEqualTo("nobody@" + world.org + ".example");
				assertThat(event.outcome()).isEqualTo("FAILURE");
			});
	}

	@Test
	void theScimServiceAnswersWithScimErrorsAsBefore() {
		String token = world.as(() -> scimTokens.generate(ProvisioningWorld.ADMIN));

		HttpResponse<String> unknown = send(get(scimTokens.baseUrl("no-such-org-" + world.org) + "/Users")
			.header("Authorization", "Bearer " + token));
		assertScimError(unknown, 404, "No such organisation.");
		String huge = "{\"userName\":\"" + "x".repeat(64 * 1024) + "\"}";
		assertScimError(send(post(scim, huge).header("Authorization", "Bearer " + token)), 413,
				"Body larger than 64 KB.");
		assertScimError(send(chunked(scim, huge).header("Authorization", "Bearer " + token)), 413,
				"Body larger than 64 KB.");

		assertScimError(send(get(scim)), 401, "The bearer token is not this organisation's SCIM token.");
		assertScimError(send(get(scim + "/00u1").header("Authorization", "Bearer wrong")), 401,
				"The bearer token is not this organisation's SCIM token.");
		List<AuditRecord> rejected = world.as(() -> audit.page("scim.rejected", null, 10));
		assertThat(rejected).hasSize(2);
		assertThat(rejected.get(1).targetId()).isEqualTo("GET /scim/v2/" + world.tenant.slug() + "/Users");
		assertThat(rejected.get(1).details()).contains("no Authorization header");
		assertThat(rejected.get(0).targetId()).isEqualTo("GET /scim/v2/" + world.tenant.slug() + "/Users/00u1");
		assertThat(rejected.get(0).details()).contains("wrong bearer token");

		assertScimError(send(post(scim, "not json").header("Authorization", "Bearer " + token)), 400,
				"The body is not JSON.");
		assertScimError(send(post(scim, "{}").header("Authorization", "Bearer " + token)), 400,
				"userName is required.");
		assertScimError(send(post(scim, "").header("Authorization", "Bearer " + token)), 400, "userName is required.");
		HttpResponse<String> list = send(get(scim + "?count=1").header("Authorization", "Bearer " + token));
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.headers().firstValue("Content-Type")).hasValue("application/scim+json");
	}

	@Test
	void noMachineAnswerStartsASessionAndAPortalSessionOpensNoMachineEndpoint() {
		FerryUser owner = TestUsers.user(world.tenant.oktaIssuer(), "00uowner", "owner@" + world.org + ".example",
				List.of(TestTenants.membership(world.tenant, Role.OWNER)));
		String cookie = "FERRY_SESSION=" + portalSession(owner);
		HttpResponse<String> page = send(
				get(ferry("/t/" + world.tenant.slug() + "/connections")).header("Cookie", cookie));
		assertThat(page.statusCode()).as("the session is a signed-in owner's on the portal").isEqualTo(200);

		String secret = world.as(() -> connections.hookSecret()).orElseThrow();
		String token = world.as(() -> scimTokens.generate(ProvisioningWorld.ADMIN));
		List<HttpRequest.Builder> withoutCredentials = List.of(post(hook, "{\"data\":{\"events\":[]}}"),
				post(hook + "/password-import", "{}"), get(scim), post(scim, "{\"userName\":\"a\"}"));
		for (HttpRequest.Builder request : withoutCredentials) {
			HttpResponse<String> answer = send(request.header("Cookie", cookie));
			assertThat(answer.statusCode()).as(answer.request().method() + " " + answer.uri()).isEqualTo(401);
			assertNoSession(answer);
		}
		List<HttpResponse<String>> admitted = List.of(
				send(post(hook, "{\"data\":{\"events\":[]}}").header("Authorization", secret)),
				send(post(hook + "/password-import", "{}").header("Authorization", secret)),
				send(get(scim + "?count=1").header("Authorization", "Bearer " + token)),
				send(get(hook).header("x-okta-verification-challenge", "c-1")));
		for (HttpResponse<String> answer : admitted) {
			assertThat(answer.statusCode()).as(answer.request().method() + " " + answer.uri()).isEqualTo(200);
			assertNoSession(answer);
		}
		assertNoSession(send(post(hook, "{}").header("Authorization", "wrong")));
		assertNoSession(send(get(scim)));
	}

	@Test
	void everyHandlerUnderTheMachinePathsIsBehindTheGate() {
		List<String> handlers = new ArrayList<>();
		mappings.getHandlerMethods().forEach((mapping, handler) -> {
			for (String pattern : mapping.getPatternValues()) {
				if (!pattern.startsWith("/hooks/") && !pattern.startsWith("/scim/")) {
					continue;
				}
				Set<RequestMethod> methods = mapping.getMethodsCondition().getMethods();
				for (RequestMethod method : methods.isEmpty() ? EnumSet.allOf(RequestMethod.class) : methods) {
					MockHttpServletRequest request = new MockHttpServletRequest(method.name(),
							pattern.replaceAll("\\{[^}]+}", "x"));
					// a source's check of its hook address, answered without a secret
					boolean verification = method == RequestMethod.GET && pattern.equals("/hooks/{kind}/{slug}");
					assertThat(MachineEndpoint.gated().matches(request) || verification)
						.as("%s %s (%s) behind the gate", method, pattern, handler)
						.isTrue();
					handlers.add(method + " " + pattern);
				}
			}
		});
		assertThat(handlers).contains("POST /hooks/{kind}/{slug}", "POST /hooks/{kind}/{slug}/password-import",
				"GET /hooks/{kind}/{slug}", "PATCH /scim/v2/{slug}/Users/{id}");
	}

	/**
	 * A portal session of this person as a sign-in leaves it in Redis; its cookie value.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private String portalSession(FerryUser user) {
		FindByIndexNameSessionRepository repository = sessions;
		Session session = repository.createSession();
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				new SecurityContextImpl(TestUsers.authentication(user)));
		repository.save(session);
		return Base64.getEncoder().encodeToString(session.getId().getBytes(StandardCharsets.UTF_8));
	}

	private static void assertNoSession(HttpResponse<String> answer) {
		assertThat(answer.headers().allValues("Set-Cookie")).as("cookies set by " + answer.uri()).isEmpty();
	}

	private static void assertScimError(HttpResponse<String> answer, int status, String detail) {
		assertThat(answer.statusCode()).isEqualTo(status);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/scim+json");
		tools.jackson.databind.JsonNode error = tools.jackson.databind.json.JsonMapper.shared().readTree(answer.body());
		assertThat(error.path("schemas").get(0).asString()).isEqualTo(SCIM_ERROR);
		assertThat(error.path("detail").asString()).isEqualTo(detail);
		// RFC 7644 §3.12: status is a string
		assertThat(error.path("status").isString()).isTrue();
		assertThat(error.path("status").asString()).isEqualTo(Integer.toString(status));
		assertNoSession(answer);
	}

	private String ferry(String path) {
		return hook.substring(0, hook.indexOf("/hooks/")) + path;
	}

	private static HttpRequest.Builder get(String uri) {
		return HttpRequest.newBuilder(URI.create(uri)).GET();
	}

	private static HttpRequest.Builder post(String uri, String body) {
		return HttpRequest.newBuilder(URI.create(uri))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
	}

	/** Without a Content-Length: the size is known only once the body has been read. */
	private static HttpRequest.Builder chunked(String uri, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return HttpRequest.newBuilder(URI.create(uri))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
