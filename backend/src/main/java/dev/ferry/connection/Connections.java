package dev.ferry.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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

import com.nimbusds.jose.jwk.RSAKey;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.AuditEntry.Actor;
import dev.ferry.audit.Diff;
import dev.ferry.audit.Happened;
import dev.ferry.connection.internal.ConnectionStore;
import dev.ferry.connection.internal.ConnectionStore.Row;
import dev.ferry.connection.internal.ConnectionStore.Side;
import dev.ferry.connector.ChangeHookOp;
import dev.ferry.connector.ChangeHookOp.HookState;
import dev.ferry.connector.ClientAssertions;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorFactory;
import dev.ferry.connector.ConnectorSettings;
import dev.ferry.connector.Connectors;
import dev.ferry.connector.PasswordImportHookOp;
import dev.ferry.connector.SettingField;
import dev.ferry.connector.SettingOption;
import dev.ferry.connector.SettingProblem;
import dev.ferry.connector.SourceConnectorFactory;
import dev.ferry.connector.TargetConnectorFactory;
import dev.ferry.connector.TestOutcome;
import dev.ferry.connector.ThrottleSource;
import dev.ferry.system.AllowedHosts;
import dev.ferry.system.FerryProperties;
import dev.ferry.system.NotFound;
import dev.ferry.system.Problem;
import dev.ferry.system.Refusal;
import dev.ferry.system.SecretBox;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Tenants;

/**
 * The current organisation's two connections: the target it provisions and the identity
 * source it provisions from, each of any registered kind, with forms and storage driven
 * by the connector's settings (docs/connectors.md). Every change is validated first
 * (nothing half-saved), stored with secrets sealed, and audited with before → after
 * values (secrets only as "changed"). The source's setup steps (a key pair Ferry
 * generates, an object picked from the source, Ferry's hooks there) live here too, named
 * by the connector's settings and operations, never by the system behind them.
 */
@Service
public class Connections {

	/** Setup state and secret names of Ferry's change hook in the source. */
	static final String HOOK_ID = "hook.id";

	static final String HOOK_STATUS = "hook.status";

	static final String HOOK_RECEIVING = "hook.receiving";

	private static final String HOOK_SECRET = "hook.secret";

	/** Suffixes of the state a generated key and a picked value leave. */
	private static final String PUBLIC = ".public";

	private static final String KEY_ID = ".keyId";

	private static final String LABEL = ".label";

	private final ConnectionStore store;

	private final Connectors connectors;

	private final AllowedHosts hosts;

	private final SecretBox secrets;

	private final ApplicationEventPublisher events;

	private final Tenants tenants;

	private final FerryProperties properties;

	private final Clock clock;

	private final List<SourceSwitch> switches;

	private final SecureRandom random = new SecureRandom();

	Connections(ConnectionStore store, Connectors connectors, AllowedHosts hosts, SecretBox secrets,
			ApplicationEventPublisher events, Tenants tenants, FerryProperties properties, Clock clock,
			List<SourceSwitch> switches) {
		this.switches = switches;
		this.store = store;
		this.connectors = connectors;
		this.hosts = hosts;
		this.secrets = secrets;
		this.events = events;
		this.tenants = tenants;
		this.properties = properties;
		this.clock = clock;
	}

	/** The organisation's target connection, as the portal may show it. */
	@Transactional(readOnly = true)
	public Optional<StoredConnection> target() {
		return stored(Side.TARGET);
	}

	/** The organisation's identity source connection, as the portal may show it. */
	@Transactional(readOnly = true)
	public Optional<StoredConnection> source() {
		return stored(Side.SOURCE);
	}

	/** How the target connection stands, by its last test (the dashboard). */
	@Transactional(readOnly = true)
	public ConnectionHealth targetHealth() {
		return ConnectionHealth.of(stored(Side.TARGET));
	}

	/** How the identity source connection stands, by its last test (the dashboard). */
	@Transactional(readOnly = true)
	public ConnectionHealth sourceHealth() {
		return ConnectionHealth.of(stored(Side.SOURCE));
	}

	private Optional<StoredConnection> stored(Side side) {
		return store.find(side, TenantContext.require())
			.map(row -> new StoredConnection(row.kind(), row.settings(), row.sealedSecrets().keySet(), row.state(),
					row.lastTest()));
	}

	/** The connector factories an organisation may choose its target from. */
	public List<TargetConnectorFactory> targetKinds() {
		return connectors.targets();
	}

	/** The connector factories an organisation may choose its identity source from. */
	public List<SourceConnectorFactory> sourceKinds() {
		return connectors.sources();
	}

	/**
	 * Validates and saves the target connection of a registered kind (a connection of
	 * another kind is replaced).
	 * @param form the entered values by setting name; a blank secret keeps the stored one
	 * @return the problems by field; empty when saved
	 */
	@Transactional
	public Map<String, SettingProblem> saveTarget(String kind, Map<String, String> form, Actor actor) {
		return save(Side.TARGET,
				connectors.target(kind)
					.orElseThrow(() -> new IllegalArgumentException("No target connector of kind " + kind)),
				form, actor);
	}

	/**
	 * Validates and saves the identity source connection of a registered kind, keeping
	 * what its setup steps made (a generated key, a picked value, the hook) unless the
	 * address moved.
	 * @see #saveTarget
	 */
	@Transactional
	public Map<String, SettingProblem> saveSource(String kind, Map<String, String> form, Actor actor) {
		return saveSource(kind, form, false, actor);
	}

	/**
	 * Saves the identity source; switching to another kind when that has effects
	 * ({@link #switchEffects}) needs the person's confirmation, and the effects happen in
	 * the same transaction as the switch.
	 * @param switchConfirmed the person has read what the switch does and wants it
	 * @throws Refusal when the switch has effects and was not confirmed
	 */
	@Transactional
	public Map<String, SettingProblem> saveSource(String kind, Map<String, String> form, boolean switchConfirmed,
			Actor actor) {
		SourceConnectorFactory factory = connectors.source(kind)
			.orElseThrow(() -> new IllegalArgumentException("No source connector of kind " + kind));
		String from = store.find(Side.SOURCE, TenantContext.require())
			.map(Row::kind)
			.filter(stored -> !stored.equals(kind))
			.orElse(null);
		if (from != null && !switchConfirmed && !switchEffects(kind).isEmpty()) {
			throw new Refusal("connections.flash.source.switchConfirm");
		}
		Map<String, SettingProblem> problems = save(Side.SOURCE, factory, form, actor);
		if (from != null && problems.isEmpty()) {
			switches.forEach(change -> change.switched(from, kind, actor));
		}
		return problems;
	}

	/**
	 * What switching the identity source to another kind would do (the dry run shown
	 * before the person confirms); empty when the kind is the current one or nothing
	 * follows.
	 */
	@Transactional(readOnly = true)
	public List<Problem> switchEffects(String kind) {
		return store.find(Side.SOURCE, TenantContext.require())
			.map(Row::kind)
			.filter(from -> !from.equals(kind))
			.map(from -> switches.stream().flatMap(change -> change.effect(from, kind).stream()).toList())
			.orElse(List.of());
	}

	private Map<String, SettingProblem> save(Side side, ConnectorFactory factory, Map<String, String> form,
			Actor actor) {
		UUID tenant = TenantContext.require();
		String kind = factory.kind();
		Row stored = store.find(side, tenant).filter(row -> row.kind().equals(kind)).orElse(null);
		Map<String, String> entered = new LinkedHashMap<>();
		factory.settings()
			.stream()
			.filter(SettingField::entered)
			.forEach(field -> entered.put(field.name(), Objects.toString(form.get(field.name()), "").strip()));
		// stored secrets go only to the address they were entered for: a new scheme, host
		// or port needs them again, and what was picked there or registered there belongs
		// to the old address
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
		Map<String, String> state = new LinkedHashMap<>();
		Set<String> secretsGiven = new LinkedHashSet<>();
		for (SettingField field : factory.settings()) {
			String name = field.name();
			if (field.type() == SettingField.Type.GENERATED_KEY) {
				// a key Ferry generated is never sent anywhere, only its signatures: kept
				if (stored != null && stored.sealedSecrets().containsKey(name)) {
					sealed.put(name, stored.sealedSecrets().get(name));
					copy(stored.state(), state, name + PUBLIC, name + KEY_ID);
				}
				continue;
			}
			if (field.type() == SettingField.Type.PICKED) {
				if (stored != null && !moved && stored.settings().containsKey(name)) {
					values.put(name, stored.settings().get(name));
					copy(stored.state(), state, name + LABEL);
				}
				continue;
			}
			String value = entered.getOrDefault(name, "");
			if (!field.secret()) {
				values.put(name, field.applies(entered) ? value : "");
			}
			else if (!value.isEmpty() && field.applies(entered)) {
				sealed.put(name, secrets.encrypt(value));
				secretsGiven.add(name);
			}
			else if (stored != null && !moved && stored.sealedSecrets().containsKey(name)) {
				sealed.put(name, stored.sealedSecrets().get(name));
			}
		}
		if (stored != null && !moved) {
			// the hook's shared secret belongs to the address it was registered at: after
			// a move, that address's deliveries are refused and the new one gets a fresh
			// secret when the hook is registered there
			copy(stored.sealedSecrets(), sealed, HOOK_SECRET);
			copy(stored.state(), state, HOOK_ID, HOOK_STATUS, HOOK_RECEIVING);
		}
		store.save(side, tenant, new Row(kind, values, sealed, state, null), clock.instant());
		Map<String, String> before = stored == null ? Map.of() : stored.settings();
		events.publishEvent(new Happened(tenant, actor, "connection." + kind + ".saved", "connection", kind,
				AuditEntry.Outcome.SUCCESS, Diff.attributes(before, values, secretsGiven)));
		return problems;
	}

	private static void copy(Map<String, String> from, Map<String, String> to, String... names) {
		for (String name : names) {
			if (from.containsKey(name)) {
				to.put(name, from.get(name));
			}
		}
	}

	/** "Test" of the target connection, remembered with it and audited. */
	@Transactional
	public TestOutcome testTarget(Actor actor) {
		return test(Side.TARGET, targetSettings(), actor);
	}

	/**
	 * "Test" of the identity source's access (the picked value is not needed yet: the
	 * test is what makes the choice possible), remembered and audited.
	 */
	@Transactional
	public TestOutcome testSource(Actor actor) {
		return test(Side.SOURCE, setupSettings(), actor);
	}

	private TestOutcome test(Side side, Optional<ConnectorSettings> settings, Actor actor) {
		UUID tenant = TenantContext.require();
		if (settings.isEmpty()) {
			return TestOutcome.failed("Save the connection first, with each of its steps done.");
		}
		String kind = settings.get().kind();
		TestOutcome outcome = side == Side.TARGET ? connectors.target(kind).orElseThrow().test(settings.get())
				: connectors.source(kind).orElseThrow().test(settings.get());
		store.tested(side, tenant, LastTest.of(outcome.ok(), outcome.summary(), clock.instant()));
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
		return settings(Side.TARGET, true);
	}

	/**
	 * The identity source's settings with secrets decrypted, for its connector only;
	 * empty until every step is done (the picked value included).
	 */
	@Transactional(readOnly = true)
	public Optional<ConnectorSettings> sourceSettings() {
		return settings(Side.SOURCE, true);
	}

	/** The source's settings as its setup steps need them: everything but the picks. */
	private Optional<ConnectorSettings> setupSettings() {
		return settings(Side.SOURCE, false);
	}

	private Optional<ConnectorSettings> settings(Side side, boolean withPicks) {
		return store.find(side, TenantContext.require()).flatMap(row -> {
			ConnectorFactory factory = factory(side, row.kind()).orElse(null);
			if (factory == null) {
				return Optional.empty();
			}
			Map<String, String> values = new LinkedHashMap<>(row.settings());
			for (SettingField field : factory.settings()) {
				if (field.secret() && row.sealedSecrets().containsKey(field.name())) {
					values.put(field.name(), secrets.decrypt(row.sealedSecrets().get(field.name())));
				}
			}
			boolean complete = factory.settings()
				.stream()
				.filter(field -> field.required() && field.applies(row.settings()))
				.filter(field -> withPicks || field.type() != SettingField.Type.PICKED)
				.allMatch(field -> !values.getOrDefault(field.name(), "").isEmpty());
			return complete ? Optional.of(new ConnectorSettings(row.kind(), values)) : Optional.empty();
		});
	}

	private Optional<? extends ConnectorFactory> factory(Side side, String kind) {
		return side == Side.TARGET ? connectors.target(kind) : connectors.source(kind);
	}

	/**
	 * Generates a key pair for a {@link SettingField.Type#GENERATED_KEY} setting of the
	 * source (a service app's key): the private half sealed, the public half kept to
	 * show.
	 * @return the public JWK, to register in the source
	 */
	@Transactional
	public String generateKey(String field, Actor actor) {
		UUID tenant = TenantContext.require();
		Row row = store.find(Side.SOURCE, tenant).orElseThrow(() -> new Refusal("connections.flash.source.saveFirst"));
		field(row.kind(), field, SettingField.Type.GENERATED_KEY);
		RSAKey key = ClientAssertions.newKey("ferry-" + UUID.randomUUID().toString().substring(0, 8));
		String publicJwk = key.toPublicJWK().toJSONString();
		store.change(Side.SOURCE, tenant, stored -> {
			Map<String, String> sealed = new LinkedHashMap<>(stored.sealedSecrets());
			sealed.put(field, secrets.encrypt(key.toJSONString()));
			Map<String, String> state = new LinkedHashMap<>(stored.state());
			state.put(field + PUBLIC, publicJwk);
			state.put(field + KEY_ID, key.getKeyID());
			return stored.with(stored.settings(), sealed, state);
		}, clock.instant());
		events.publishEvent(new Happened(tenant, actor, "connection." + row.kind() + ".key_generated", "connection",
				row.kind(), AuditEntry.Outcome.SUCCESS, Map.of("field", field, "keyId", key.getKeyID())));
		return publicJwk;
	}

	/**
	 * What a {@link SettingField.Type#PICKED} setting of the source may hold, read from
	 * the source with the saved settings.
	 * @throws ConnectorException when the source cannot be read
	 */
	public List<SettingOption> options(String field) {
		ConnectorSettings settings = setupSettings()
			.orElseThrow(() -> new Refusal("connections.flash.source.testFirst"));
		field(settings.kind(), field, SettingField.Type.PICKED);
		return connectors.source(settings.kind()).orElseThrow().options(settings, field);
	}

	/** Sets a picked setting of the source to one of its {@link #options}. */
	public void pick(String field, String id, Actor actor) {
		UUID tenant = TenantContext.require();
		SettingOption option = options(field).stream()
			.filter(candidate -> candidate.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new Refusal("connections.flash.source.unknownOption"));
		Row before = store.find(Side.SOURCE, tenant).orElseThrow();
		store.change(Side.SOURCE, tenant, stored -> {
			Map<String, String> settings = new LinkedHashMap<>(stored.settings());
			settings.put(field, option.id());
			Map<String, String> state = new LinkedHashMap<>(stored.state());
			state.put(field + LABEL, option.label());
			return stored.with(settings, stored.sealedSecrets(), state);
		}, clock.instant());
		String was = before.settings().containsKey(field)
				? before.state().getOrDefault(field + LABEL, "") + " (" + before.settings().get(field) + ")" : null;
		events.publishEvent(new Happened(tenant, actor, "connection." + before.kind() + ".picked", "connection",
				before.kind(), AuditEntry.Outcome.SUCCESS,
				Map.of(field, Diff.value(String.valueOf(was), option.label() + " (" + option.id() + ")"))));
	}

	private SettingField field(String kind, String name, SettingField.Type type) {
		return connectors.source(kind)
			.flatMap(factory -> factory.settings()
				.stream()
				.filter(field -> field.name().equals(name) && field.type() == type)
				.findFirst())
			.orElseThrow(() -> new NotFound(kind + " has no " + type + " setting " + name));
	}

	/**
	 * Whether the saved source can do an operation (a hook it pushes changes to, ...).
	 */
	@Transactional(readOnly = true)
	public boolean sourceCan(Class<?> operation) {
		return setupSettings().map(settings -> open(settings).can(operation)).orElse(false);
	}

	private dev.ferry.connector.IdentitySource open(ConnectorSettings settings) {
		return connectors.source(settings.kind()).orElseThrow().open(settings, ThrottleSource.NONE);
	}

	/**
	 * Registers Ferry's change hook in the source with a fresh secret and has the source
	 * verify it. The source calls back synchronously, so the state returned says whether
	 * the hook now receives changes.
	 */
	public HookState registerHook(Actor actor) {
		UUID tenant = TenantContext.require();
		ConnectorSettings settings = setupSettings()
			.orElseThrow(() -> new Refusal("connections.flash.source.testFirst"));
		ChangeHookOp hooks = open(settings).capability(ChangeHookOp.class)
			.orElseThrow(() -> new Refusal("connections.flash.hook.unsupported"));
		String kind = settings.kind();
		String uri = hookUri(tenants.byId(tenant).orElseThrow().slug()).orElseThrow();
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		String secret = "Ferry " + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		String existing = source().map(stored -> stored.state(HOOK_ID)).orElse(null);
		// the secret is committed before the source verifies, so the verification call
		// already finds it
		storeHook(tenant, existing, secrets.encrypt(secret), "REGISTERING", false);
		try {
			HookState state = hooks.registerChangeHook(existing, uri, secret);
			storeHook(tenant, state.id(), null, state.status(), state.receiving());
			events.publishEvent(new Happened(tenant, actor, "connection." + kind + ".hook_registered", "event_hook",
					state.id(), state.receiving() ? AuditEntry.Outcome.SUCCESS : AuditEntry.Outcome.FAILURE,
					Map.of("uri", uri, "status", state.status()))
				.evenIfRolledBack());
			return state;
		}
		catch (ConnectorException ex) {
			storeHook(tenant, existing, null, "FAILED", false);
			events.publishEvent(new Happened(tenant, actor, "connection." + kind + ".hook_registered", "event_hook",
					uri, AuditEntry.Outcome.FAILURE, Map.of("error", ex.getMessage()))
				.evenIfRolledBack());
			throw ex;
		}
	}

	/**
	 * Registers Ferry as the source's password import hook, with the change hook's
	 * secret, so people imported from the target keep their password at their first
	 * sign-in there.
	 * @return the hook's id
	 */
	public String registerPasswordImportHook(Actor actor) {
		UUID tenant = TenantContext.require();
		ConnectorSettings settings = setupSettings()
			.orElseThrow(() -> new Refusal("connections.flash.source.testFirst"));
		PasswordImportHookOp hooks = open(settings).capability(PasswordImportHookOp.class)
			.orElseThrow(() -> new Refusal("connections.flash.hook.unsupported"));
		String secret = hookSecret().orElseThrow(() -> new Refusal("connections.flash.passwordHook.hookFirst"));
		String uri = hookUri(tenants.byId(tenant).orElseThrow().slug()).orElseThrow() + "/password-import";
		String id = hooks.registerPasswordImportHook(uri, secret);
		events.publishEvent(new Happened(tenant, actor, "connection." + settings.kind() + ".password_hook_registered",
				"inline_hook", id, AuditEntry.Outcome.SUCCESS, Map.of("uri", uri))
			.evenIfRolledBack());
		return id;
	}

	/**
	 * Where the saved source delivers its changes: {@code /hooks/<kind>/<slug>}; empty
	 * while no source is saved.
	 */
	@Transactional(readOnly = true)
	public Optional<String> hookUri(String slug) {
		return source().map(stored -> properties.publicBase() + "/hooks/" + stored.kind() + "/" + slug);
	}

	/**
	 * The change hook's shared secret, for checking deliveries; empty when none is
	 * registered.
	 */
	@Transactional(readOnly = true)
	public Optional<String> hookSecret() {
		return store.find(Side.SOURCE, TenantContext.require())
			.map(row -> row.sealedSecrets().get(HOOK_SECRET))
			.map(secrets::decrypt);
	}

	/**
	 * Whether a request from the source (a hook delivery, a password import call) carries
	 * the current organisation's hook secret. Compared in constant time, so the answer's
	 * timing reveals nothing.
	 */
	@Transactional(readOnly = true)
	public boolean hookAuthorized(String authorization) {
		String secret = hookSecret().orElse(null);
		return secret != null && authorization != null && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
				authorization.getBytes(StandardCharsets.UTF_8));
	}

	/** Whether the source now delivers its changes to Ferry's hook. */
	@Transactional(readOnly = true)
	public boolean hookReceiving() {
		return source().map(StoredConnection::hookReceiving).orElse(false);
	}

	/**
	 * Outside any transaction, so committed at once: the source may call back meanwhile.
	 */
	private void storeHook(UUID tenant, String hookId, String secretCiphertext, String status, boolean receiving) {
		store.change(Side.SOURCE, tenant, row -> {
			Map<String, String> sealed = new LinkedHashMap<>(row.sealedSecrets());
			if (secretCiphertext != null) {
				sealed.put(HOOK_SECRET, secretCiphertext);
			}
			Map<String, String> state = new LinkedHashMap<>(row.state());
			if (hookId != null) {
				state.put(HOOK_ID, hookId);
			}
			state.put(HOOK_STATUS, status);
			state.put(HOOK_RECEIVING, Boolean.toString(receiving));
			return row.with(row.settings(), sealed, state);
		}, clock.instant());
	}

}
