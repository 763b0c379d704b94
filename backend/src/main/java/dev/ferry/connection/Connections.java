package dev.ferry.connection;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.AuditEntry.Actor;
import dev.ferry.audit.AuditLog;
import dev.ferry.connection.internal.OktaConnectionRepository;
import dev.ferry.connection.internal.ShareFileConnectionRepository;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.TestOutcome;
import dev.ferry.okta.EventHookState;
import dev.ferry.okta.OktaApiSettings;
import dev.ferry.okta.OktaApp;
import dev.ferry.okta.OktaClient;
import dev.ferry.okta.OktaConnector;
import dev.ferry.okta.OktaKeys;
import dev.ferry.sharefile.ShareFileConnector;
import dev.ferry.sharefile.ShareFileSettings;
import dev.ferry.system.AllowedHosts;
import dev.ferry.system.FerryProperties;
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

	private final ShareFileConnectionRepository shareFiles;

	private final OktaConnectionRepository oktas;

	private final ShareFileConnector shareFileConnector;

	private final OktaConnector oktaConnector;

	private final AllowedHosts hosts;

	private final SecretBox secrets;

	private final AuditLog audit;

	private final Tenants tenants;

	private final FerryProperties properties;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	Connections(ShareFileConnectionRepository shareFiles, OktaConnectionRepository oktas,
			ShareFileConnector shareFileConnector, OktaConnector oktaConnector, AllowedHosts hosts, SecretBox secrets,
			AuditLog audit, Tenants tenants, FerryProperties properties, Clock clock) {
		this.shareFiles = shareFiles;
		this.oktas = oktas;
		this.shareFileConnector = shareFileConnector;
		this.oktaConnector = oktaConnector;
		this.hosts = hosts;
		this.secrets = secrets;
		this.audit = audit;
		this.tenants = tenants;
		this.properties = properties;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public Optional<ShareFileConnection> shareFile() {
		return shareFiles.findById(TenantContext.require());
	}

	@Transactional(readOnly = true)
	public Optional<OktaConnection> okta() {
		return oktas.findById(TenantContext.require());
	}

	/**
	 * @return the problems per field; empty when saved
	 */
	@Transactional
	public Map<String, String> saveShareFile(ShareFileForm form, Actor actor) {
		UUID tenant = TenantContext.require();
		ShareFileConnection connection = shareFiles.findById(tenant).orElse(null);
		// stored secrets go only to the address they were entered for: a new scheme, host
		// or port needs them again
		boolean moved = connection != null && !AllowedHosts.sameOrigin(connection.baseUrl(), form.baseUrl());
		Map<String, String> problems = ConnectionRules.shareFile(hosts, form,
				connection != null && connection.clientSecretSet() && connection.adminPasswordSet() && !moved, moved);
		if (!problems.isEmpty()) {
			audit.recordNow(new AuditEntry(tenant, actor, "connection.sharefile.rejected", "connection", "sharefile",
					AuditEntry.Outcome.FAILURE, Map.of("fields", List.copyOf(problems.keySet()))));
			return problems;
		}
		Map<String, Object> before = connection == null ? Map.of() : Map.of("baseUrl", connection.baseUrl(), "clientId",
				connection.clientId(), "adminUsername", connection.adminUsername());
		if (connection == null) {
			connection = new ShareFileConnection(tenant);
		}
		connection.update(form.baseUrl().strip(), form.clientId().strip(), sealIfGiven(form.clientSecret()),
				form.adminUsername().strip(), sealIfGiven(form.adminPassword()), clock.instant());
		shareFiles.save(connection);
		Map<String, Object> after = Map.of("baseUrl", connection.baseUrl(), "clientId", connection.clientId(),
				"adminUsername", connection.adminUsername());
		audit.record(new AuditEntry(tenant, actor, "connection.sharefile.saved", "connection", "sharefile",
				AuditEntry.Outcome.SUCCESS, changes(before, after, Map.of("clientSecret", given(form.clientSecret()),
						"adminPassword", given(form.adminPassword())))));
		return Map.of();
	}

	@Transactional
	public TestOutcome testShareFile(Actor actor) {
		UUID tenant = TenantContext.require();
		Optional<ShareFileSettings> settings = shareFileSettings();
		if (settings.isEmpty()) {
			return TestOutcome.failed("Save the ShareFile connection first.");
		}
		TestOutcome outcome = shareFileConnector.test(settings.get());
		shareFiles.findById(tenant).orElseThrow().tested(outcome.ok(), outcome.summary(), clock.instant());
		audit.record(new AuditEntry(tenant, actor, "connection.sharefile.tested", "connection", "sharefile",
				outcome.ok() ? AuditEntry.Outcome.SUCCESS : AuditEntry.Outcome.FAILURE,
				Map.of("summary", outcome.summary())));
		return outcome;
	}

	/** The decrypted settings, for the ShareFile connector only. */
	@Transactional(readOnly = true)
	public Optional<ShareFileSettings> shareFileSettings() {
		return shareFile().filter(c -> c.clientSecretSet() && c.adminPasswordSet())
			.map(c -> new ShareFileSettings(c.baseUrl(), c.clientId(), secrets.decrypt(c.clientSecretCiphertext()),
					c.adminUsername(), secrets.decrypt(c.adminPasswordCiphertext())));
	}

	@Transactional
	public Map<String, String> saveOkta(OktaForm form, Actor actor) {
		UUID tenant = TenantContext.require();
		OktaConnection connection = oktas.findById(tenant).orElse(null);
		boolean moved = connection != null && !AllowedHosts.sameOrigin(connection.orgUrl(), form.orgUrl());
		Map<String, String> problems = ConnectionRules.okta(hosts, form,
				connection != null && connection.apiTokenSet() && !moved, moved);
		if (!problems.isEmpty()) {
			audit.recordNow(new AuditEntry(tenant, actor, "connection.okta.rejected", "connection", "okta",
					AuditEntry.Outcome.FAILURE, Map.of("fields", List.copyOf(problems.keySet()))));
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
		audit.record(
				new AuditEntry(tenant, actor, "connection.okta.saved", "connection", "okta", AuditEntry.Outcome.SUCCESS,
						changes(before, Map.of("orgUrl", connection.orgUrl(), "mode", form.mode().name(), "clientId",
								String.valueOf(clientId)), Map.of("apiToken", given(form.apiToken())))));
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
			.orElseThrow(() -> new IllegalStateException("Save the Okta connection first."));
		OktaKeys.KeyPair pair = OktaKeys.generate();
		connection.keyPair(secrets.encrypt(pair.privateJwk()), pair.publicJwk(), pair.keyId(), clock.instant());
		audit.record(new AuditEntry(tenant, actor, "connection.okta.key_generated", "connection", "okta",
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
		audit.record(new AuditEntry(tenant, actor, "connection.okta.tested", "connection", "okta",
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
			.orElseThrow(() -> new IllegalArgumentException("That app is not in your Okta org."));
		OktaConnection connection = oktas.findById(tenant).orElseThrow();
		String before = connection.shareFileAppLabel();
		connection.shareFileApp(app.id(), app.label(), clock.instant());
		audit.record(new AuditEntry(tenant, actor, "connection.okta.app_chosen", "connection", "okta",
				AuditEntry.Outcome.SUCCESS, Map.of("shareFileApp",
						Map.of("before", String.valueOf(before), "after", app.label() + " (" + app.id() + ")"))));
	}

	/**
	 * Registers Ferry's event hook in the tenant's Okta with a fresh secret and asks Okta
	 * to verify it. Okta calls back synchronously, so the state returned says whether the
	 * hook now receives events.
	 */
	public EventHookState registerHook(Actor actor) {
		UUID tenant = TenantContext.require();
		OktaApiSettings settings = oktaSettings()
			.orElseThrow(() -> new IllegalStateException("Save and test the Okta connection first."));
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
			audit.recordNow(new AuditEntry(tenant, actor, "connection.okta.hook_registered", "event_hook", state.id(),
					state.receivingEvents() ? AuditEntry.Outcome.SUCCESS : AuditEntry.Outcome.FAILURE,
					Map.of("uri", uri, "status", state.status(), "verification", state.verificationStatus())));
			return state;
		}
		catch (ConnectorException ex) {
			storeHook(tenant, connection.hookId(), null, "FAILED");
			audit.recordNow(new AuditEntry(tenant, actor, "connection.okta.hook_registered", "event_hook", uri,
					AuditEntry.Outcome.FAILURE, Map.of("error", ex.getMessage())));
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
		OktaApiSettings settings = oktaSettings()
			.orElseThrow(() -> new IllegalStateException("Save and test the Okta connection first."));
		String secret = hookSecret().orElseThrow(() -> new IllegalStateException(
				"Register the event hook first: the password import hook uses its secret."));
		String uri = hookUri(tenants.byId(tenant).orElseThrow().slug()) + "/password-import";
		String id = oktaConnector.registerPasswordImportHook(oktaConnector.client(settings), uri, secret);
		audit.recordNow(new AuditEntry(tenant, actor, "connection.okta.password_hook_registered", "inline_hook", id,
				AuditEntry.Outcome.SUCCESS, Map.of("uri", uri)));
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

	/**
	 * {field: {before, after}} for changed fields, {secret: "changed"} for secrets given.
	 */
	private static Map<String, Object> changes(Map<String, Object> before, Map<String, Object> after,
			Map<String, Boolean> secretsGiven) {
		Map<String, Object> changes = new LinkedHashMap<>();
		after.forEach((field, value) -> {
			Object old = before.get(field);
			if (!Objects.equals(old, value)) {
				Map<String, Object> diff = new LinkedHashMap<>();
				diff.put("before", old == null ? null : old.toString());
				diff.put("after", value == null ? null : value.toString());
				changes.put(field, diff);
			}
		});
		secretsGiven.forEach((field, given) -> {
			if (given) {
				changes.put(field, "changed");
			}
		});
		return changes;
	}

}
