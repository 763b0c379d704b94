package dev.ferry.connection;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.AuditEntry.Actor;
import dev.ferry.audit.Diff;
import dev.ferry.audit.Happened;
import dev.ferry.connection.internal.OktaConnectionRepository;
import dev.ferry.connection.internal.TargetConnectionStore;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorSettings;
import dev.ferry.connector.Connectors;
import dev.ferry.connector.SettingField;
import dev.ferry.connector.SettingProblem;
import dev.ferry.connector.TargetConnectorFactory;
import dev.ferry.connector.TestOutcome;
import dev.ferry.okta.EventHookState;
import dev.ferry.okta.OktaApiSettings;
import dev.ferry.okta.OktaApp;
import dev.ferry.okta.OktaClient;
import dev.ferry.okta.OktaConnector;
import dev.ferry.okta.OktaKeys;
import dev.ferry.system.AllowedHosts;
import dev.ferry.system.FerryProperties;
import dev.ferry.system.Problem;
import dev.ferry.system.Refusal;
import dev.ferry.system.SecretBox;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Tenants;

/**
 * The current organisation's connections. Every change is validated first (nothing
 * half-saved), stored with secrets encrypted, and audited with before/after values
 * (secrets only as "changed").
 */
@Service
public class Connections {

	private final TargetConnectionStore targets;

	private final OktaConnectionRepository oktas;

	private final Connectors connectors;

	private final OktaConnector oktaConnector;

	private final AllowedHosts hosts;

	private final SecretBox secrets;

	private final ApplicationEventPublisher events;

	private final Tenants tenants;

	private final FerryProperties properties;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	Connections(TargetConnectionStore targets, OktaConnectionRepository oktas, Connectors connectors,
			OktaConnector oktaConnector, AllowedHosts hosts, SecretBox secrets, ApplicationEventPublisher events,
			Tenants tenants, FerryProperties properties, Clock clock) {
		this.targets = targets;
		this.oktas = oktas;
		this.connectors = connectors;
		this.oktaConnector = oktaConnector;
		this.hosts = hosts;
		this.secrets = secrets;
		this.events = events;
		this.tenants = tenants;
		this.properties = properties;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public Optional<OktaConnection> okta() {
		return oktas.findById(TenantContext.require());
	}

	/** The organisation's target connection, as the portal may show it. */
	@Transactional(readOnly = true)
	public Optional<TargetConnection> target() {
		return targets.find(TenantContext.require())
			.map(row -> new TargetConnection(row.kind(), row.settings(), row.sealedSecrets().keySet(), row.lastTest()));
	}

	/**
	 * Validates and saves the target connection of a registered kind (a connection of
	 * another kind is replaced).
	 * @param form the entered values by setting name; a blank secret keeps the stored one
	 * @return the problems by field; empty when saved
	 */
	@Transactional
	public Map<String, SettingProblem> saveTarget(String kind, Map<String, String> form, Actor actor) {
		UUID tenant = TenantContext.require();
		TargetConnectorFactory factory = connectors.target(kind)
			.orElseThrow(() -> new IllegalArgumentException("No target connector of kind " + kind));
		TargetConnectionStore.Row stored = targets.find(tenant).filter(row -> row.kind().equals(kind)).orElse(null);
		Map<String, String> entered = new LinkedHashMap<>();
		form.forEach((field, value) -> entered.put(field, value == null ? "" : value.strip()));
		// stored secrets go only to the address they were entered for: a new scheme, host
		// or port needs them again
		boolean moved = stored != null && factory.settings()
			.stream()
			.filter(field -> field.type() == SettingField.Type.URL)
			.anyMatch(field -> !AllowedHosts.sameOrigin(stored.settings().getOrDefault(field.name(), ""),
					entered.getOrDefault(field.name(), "")));
		Map<String, SettingProblem> problems = new LinkedHashMap<>();
		SettingsCheck
			.problems(hosts, factory, entered, stored == null ? Set.of() : stored.sealedSecrets().keySet(), moved)
			.forEach(problem -> problems.putIfAbsent(problem.field(), problem));
		if (!problems.isEmpty()) {
			events.publishEvent(new Happened(tenant, actor, "connection." + kind + ".rejected", "connection", kind,
					AuditEntry.Outcome.FAILURE, Map.of("fields", List.copyOf(problems.keySet())))
				.evenIfRolledBack());
			return problems;
		}
		Map<String, String> values = new LinkedHashMap<>();
		Map<String, String> sealed = new LinkedHashMap<>();
		Set<String> secretsGiven = new LinkedHashSet<>();
		for (SettingField field : factory.settings()) {
			String value = entered.getOrDefault(field.name(), "");
			if (!field.secret()) {
				values.put(field.name(), value);
			}
			else if (!value.isEmpty()) {
				sealed.put(field.name(), secrets.encrypt(value));
				secretsGiven.add(field.name());
			}
			else if (stored != null && stored.sealedSecrets().containsKey(field.name())) {
				sealed.put(field.name(), stored.sealedSecrets().get(field.name()));
			}
		}
		targets.save(tenant, kind, values, sealed, clock.instant());
		Map<String, String> before = stored == null ? Map.of() : stored.settings();
		events.publishEvent(new Happened(tenant, actor, "connection." + kind + ".saved", "connection", kind,
				AuditEntry.Outcome.SUCCESS, Diff.attributes(before, values, secretsGiven)));
		return problems;
	}

	/** "Test" of the target connection, remembered with it and audited. */
	@Transactional
	public TestOutcome testTarget(Actor actor) {
		UUID tenant = TenantContext.require();
		Optional<ConnectorSettings> settings = targetSettings();
		if (settings.isEmpty()) {
			return TestOutcome.failed("Save the connection first.");
		}
		String kind = settings.get().kind();
		TestOutcome outcome = connectors.target(kind).orElseThrow().test(settings.get());
		targets.tested(tenant, LastTest.of(outcome.ok(), outcome.summary(), clock.instant()));
		events.publishEvent(new Happened(tenant, actor, "connection." + kind + ".tested", "connection", kind,
				outcome.ok() ? AuditEntry.Outcome.SUCCESS : AuditEntry.Outcome.FAILURE,
				Map.of("summary", outcome.summary())));
		return outcome;
	}

	/**
	 * The target connection's settings with secrets decrypted, for its connector only;
	 * empty when none is saved or a required secret is missing.
	 */
	@Transactional(readOnly = true)
	public Optional<ConnectorSettings> targetSettings() {
		return targets.find(TenantContext.require()).flatMap(row -> {
			TargetConnectorFactory factory = connectors.target(row.kind()).orElse(null);
			if (factory == null || factory.settings()
				.stream()
				.anyMatch(field -> field.secret() && field.required()
						&& !row.sealedSecrets().containsKey(field.name()))) {
				return Optional.empty();
			}
			Map<String, String> values = new LinkedHashMap<>(row.settings());
			row.sealedSecrets().forEach((field, sealed) -> values.put(field, secrets.decrypt(sealed)));
			return Optional.of(new ConnectorSettings(row.kind(), values));
		});
	}

	/** The connector factories an organisation may choose its target from. */
	public List<TargetConnectorFactory> targetKinds() {
		return connectors.targets();
	}

	@Transactional
	public Map<String, Problem> saveOkta(OktaForm form, Actor actor) {
		UUID tenant = TenantContext.require();
		OktaConnection connection = oktas.findById(tenant).orElse(null);
		boolean moved = connection != null && !AllowedHosts.sameOrigin(connection.orgUrl(), form.orgUrl());
		Map<String, Problem> problems = ConnectionRules.okta(hosts, form,
				connection != null && connection.apiTokenSet() && !moved, moved);
		if (!problems.isEmpty()) {
			events.publishEvent(new Happened(tenant, actor, "connection.okta.rejected", "connection", "okta",
					AuditEntry.Outcome.FAILURE, Map.of("fields", List.copyOf(problems.keySet())))
				.evenIfRolledBack());
			return problems;
		}
		Map<String, Object> before = connection == null ? Map.of() : Map.of("orgUrl", connection.orgUrl(), "mode",
				connection.authMode().name(), "clientId", String.valueOf(connection.clientId()));
		if (connection == null) {
			connection = new OktaConnection(tenant);
		}
		String clientId = form.mode() == OktaApiSettings.AuthMode.SERVICE_APP ? form.clientId().strip() : null;
		connection.update(trimmedUrl(form.orgUrl()), form.mode(),
				form.mode() == OktaApiSettings.AuthMode.SSWS ? sealIfGiven(form.apiToken()) : null, clientId,
				clock.instant());
		if (moved && form.mode() != OktaApiSettings.AuthMode.SSWS) {
			// an API token entered for the old org must never reach the new one, even if
			// SSWS is chosen later
			connection.forgetApiToken();
		}
		if (moved) {
			// the hooks' shared secret belongs to the old org (which still holds it):
			// forgotten, so the old
			// org's deliveries are refused and the new org gets a fresh secret when the
			// hook is registered
			connection.hook(null, null, null, clock.instant());
		}
		oktas.save(connection);
		events.publishEvent(
				new Happened(tenant, actor, "connection.okta.saved", "connection", "okta", AuditEntry.Outcome.SUCCESS,
						Diff.attributes(before,
								Map.of("orgUrl", connection.orgUrl(), "mode", form.mode().name(), "clientId",
										String.valueOf(clientId)),
								given(form.apiToken()) ? Set.of("apiToken") : Set.of())));
		return Map.of();
	}

	/**
	 * Generates a new key pair for the service app; returns the public JWK to paste into
	 * Okta.
	 */
	@Transactional
	public String generateKeyPair(Actor actor) {
		UUID tenant = TenantContext.require();
		OktaConnection connection = oktas.findById(tenant)
			.orElseThrow(() -> new Refusal("connections.flash.okta.saveFirst"));
		OktaKeys.KeyPair pair = OktaKeys.generate();
		connection.keyPair(secrets.encrypt(pair.privateJwk()), pair.publicJwk(), pair.keyId(), clock.instant());
		events.publishEvent(new Happened(tenant, actor, "connection.okta.key_generated", "connection", "okta",
				AuditEntry.Outcome.SUCCESS, Map.of("keyId", pair.keyId())));
		return pair.publicJwk();
	}

	@Transactional
	public TestOutcome testOkta(Actor actor) {
		UUID tenant = TenantContext.require();
		Optional<OktaApiSettings> settings = oktaSettings();
		if (settings.isEmpty()) {
			return TestOutcome
				.failed("Save the Okta connection first (and, for a service app, generate its key pair).");
		}
		TestOutcome outcome = oktaConnector.test(settings.get());
		oktas.findById(tenant).orElseThrow().tested(outcome.ok(), outcome.summary(), clock.instant());
		events.publishEvent(new Happened(tenant, actor, "connection.okta.tested", "connection", "okta",
				outcome.ok() ? AuditEntry.Outcome.SUCCESS : AuditEntry.Outcome.FAILURE,
				Map.of("summary", outcome.summary())));
		return outcome;
	}

	public List<OktaApp> oktaApps() {
		return oktaSettings().map(s -> oktaConnector.apps(oktaConnector.client(s))).orElse(List.of());
	}

	@Transactional
	public void chooseShareFileApp(String appId, Actor actor) {
		UUID tenant = TenantContext.require();
		OktaApp app = oktaApps().stream()
			.filter(candidate -> candidate.id().equals(appId))
			.findFirst()
			.orElseThrow(() -> new Refusal("connections.flash.okta.unknownApp"));
		OktaConnection connection = oktas.findById(tenant).orElseThrow();
		String before = connection.shareFileAppLabel();
		connection.shareFileApp(app.id(), app.label(), clock.instant());
		events.publishEvent(new Happened(tenant, actor, "connection.okta.app_chosen", "connection", "okta",
				AuditEntry.Outcome.SUCCESS,
				Map.of("shareFileApp", Diff.value(String.valueOf(before), app.label() + " (" + app.id() + ")"))));
	}

	/**
	 * Registers Ferry's event hook in the tenant's Okta with a fresh secret and asks Okta
	 * to verify it. Okta calls back synchronously, so the state returned says whether the
	 * hook now receives events.
	 */
	public EventHookState registerHook(Actor actor) {
		UUID tenant = TenantContext.require();
		OktaApiSettings settings = oktaSettings().orElseThrow(() -> new Refusal("connections.flash.okta.testFirst"));
		String slug = tenants.byId(tenant).orElseThrow().slug();
		String uri = hookUri(slug);
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		String secret = "Ferry " + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		OktaConnection connection = okta().orElseThrow();
		// the secret is stored before Okta verifies, so the verification call already
		// finds it
		storeHook(tenant, connection.hookId(), secrets.encrypt(secret), "REGISTERING");
		try {
			EventHookState state = oktaConnector.registerHook(oktaConnector.client(settings), connection.hookId(), uri,
					secret);
			storeHook(tenant, state.id(), null, state.verificationStatus());
			events.publishEvent(new Happened(tenant, actor, "connection.okta.hook_registered", "event_hook", state.id(),
					state.receivingEvents() ? AuditEntry.Outcome.SUCCESS : AuditEntry.Outcome.FAILURE,
					Map.of("uri", uri, "status", state.status(), "verification", state.verificationStatus()))
				.evenIfRolledBack());
			return state;
		}
		catch (ConnectorException ex) {
			storeHook(tenant, connection.hookId(), null, "FAILED");
			events.publishEvent(new Happened(tenant, actor, "connection.okta.hook_registered", "event_hook", uri,
					AuditEntry.Outcome.FAILURE, Map.of("error", ex.getMessage()))
				.evenIfRolledBack());
			throw ex;
		}
	}

	/**
	 * Registers Ferry as the org's password import inline hook, with the event hook's
	 * secret, so people imported from ShareFile keep their ShareFile password at their
	 * first Okta sign-in.
	 * @return the inline hook's id
	 */
	public String registerPasswordImportHook(Actor actor) {
		UUID tenant = TenantContext.require();
		OktaApiSettings settings = oktaSettings().orElseThrow(() -> new Refusal("connections.flash.okta.testFirst"));
		String secret = hookSecret().orElseThrow(() -> new Refusal("connections.flash.passwordHook.hookFirst"));
		String uri = hookUri(tenants.byId(tenant).orElseThrow().slug()) + "/password-import";
		String id = oktaConnector.registerPasswordImportHook(oktaConnector.client(settings), uri, secret);
		events.publishEvent(new Happened(tenant, actor, "connection.okta.password_hook_registered", "inline_hook", id,
				AuditEntry.Outcome.SUCCESS, Map.of("uri", uri))
			.evenIfRolledBack());
		return id;
	}

	public String hookUri(String slug) {
		return properties.publicBase() + "/hooks/okta/" + slug;
	}

	/**
	 * The event hook's shared secret, for checking deliveries; empty when none is
	 * registered.
	 */
	@Transactional(readOnly = true)
	public Optional<String> hookSecret() {
		return okta().map(OktaConnection::hookSecretCiphertext).filter(Objects::nonNull).map(secrets::decrypt);
	}

	/**
	 * Whether a request from Okta (an event hook delivery, an inline hook call) carries
	 * the current organisation's hook secret. Compared in constant time, so the answer's
	 * timing reveals nothing.
	 */
	@Transactional(readOnly = true)
	public boolean hookAuthorized(String authorization) {
		String secret = hookSecret().orElse(null);
		return secret != null && authorization != null
				&& java.security.MessageDigest.isEqual(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
						authorization.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	@Transactional(readOnly = true)
	public Optional<OktaApiSettings> oktaSettings() {
		return okta().filter(c -> c.authMode() == OktaApiSettings.AuthMode.SSWS ? c.apiTokenSet() : c.keyPairSet())
			.map(c -> new OktaApiSettings(c.orgUrl(), c.authMode(),
					c.apiTokenSet() ? secrets.decrypt(c.apiTokenCiphertext()) : null, c.clientId(),
					c.keyPairSet() ? secrets.decrypt(c.privateKeyCiphertext()) : null));
	}

	/**
	 * The identity source's settings, secrets decrypted, for its connector only: the API
	 * access and the app that stands for the target. Empty until both are set.
	 */
	@Transactional(readOnly = true)
	public Optional<ConnectorSettings> sourceSettings() {
		return oktaSettings().flatMap(api -> okta().filter(c -> c.shareFileAppId() != null).map(c -> {
			Map<String, String> values = new LinkedHashMap<>();
			values.put("orgUrl", api.orgUrl());
			values.put("mode", api.mode().name());
			values.put("apiToken", Objects.toString(api.apiToken(), ""));
			values.put("clientId", Objects.toString(api.clientId(), ""));
			values.put("privateJwk", Objects.toString(api.privateJwk(), ""));
			values.put("appId", c.shareFileAppId());
			return new ConnectorSettings(OktaConnector.KIND, values);
		}));
	}

	/**
	 * Committed at once (the repository's own transaction): Okta's verification call may
	 * come meanwhile.
	 */
	private void storeHook(UUID tenant, String hookId, String secretCiphertext, String status) {
		OktaConnection connection = oktas.findById(tenant).orElseThrow();
		connection.hook(hookId, secretCiphertext == null ? connection.hookSecretCiphertext() : secretCiphertext, status,
				clock.instant());
		oktas.saveAndFlush(connection);
	}

	private String sealIfGiven(String secret) {
		return secret == null || secret.isBlank() ? null : secrets.encrypt(secret.strip());
	}

	private static boolean given(String secret) {
		return secret != null && !secret.isBlank();
	}

	private static String trimmedUrl(String url) {
		String stripped = url.strip();
		return stripped.endsWith("/") ? stripped.substring(0, stripped.length() - 1) : stripped;
	}

}
