package dev.ferry.sandbox.okta;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A person in a sandbox Okta org. Mutable, guarded by its org: the management API changes
 * it, the OIDC provider reads it. The password is kept only as a salted hash and never
 * returned by any API.
 */
public class OktaUser {

	private final String id;

	private final Instant created;

	private volatile String status;

	private volatile Instant lastUpdated;

	private volatile Instant statusChanged;

	private volatile Instant activated;

	private volatile Instant passwordChanged;

	private volatile Instant lastLogin;

	private final Map<String, Object> profile = new LinkedHashMap<>();

	private volatile byte[] passwordHash;

	private volatile String passwordSalt;

	/**
	 * True when the user was created with {@code credentials.password.hook}: first
	 * sign-in calls the import hook.
	 */
	private volatile boolean passwordImportHook;

	public OktaUser(String id, Instant created, String status) {
		this.id = id;
		this.created = created;
		this.status = status;
		this.lastUpdated = created;
		this.statusChanged = created;
	}

	public String id() {
		return id;
	}

	public Instant created() {
		return created;
	}

	public String status() {
		return status;
	}

	public void status(String status, Instant at) {
		this.status = status;
		this.statusChanged = at;
		this.lastUpdated = at;
		if ("ACTIVE".equals(status) && activated == null) {
			activated = at;
		}
	}

	public Instant lastUpdated() {
		return lastUpdated;
	}

	public void touched(Instant at) {
		this.lastUpdated = at;
	}

	public Instant statusChanged() {
		return statusChanged;
	}

	public Instant activated() {
		return activated;
	}

	public Instant passwordChanged() {
		return passwordChanged;
	}

	public Instant lastLogin() {
		return lastLogin;
	}

	public void signedIn(Instant at) {
		this.lastLogin = at;
	}

	/** The live profile map; callers hold the org's lock while changing it. */
	public Map<String, Object> profile() {
		return profile;
	}

	public String login() {
		return (String) profile.get("login");
	}

	public String email() {
		return (String) profile.get("email");
	}

	public String firstName() {
		return (String) profile.get("firstName");
	}

	public String lastName() {
		return (String) profile.get("lastName");
	}

	public boolean hasPassword() {
		return passwordHash != null;
	}

	public void password(String password, Instant at) {
		String salt = Long.toHexString(Double.doubleToLongBits(Math.random())) + id;
		this.passwordSalt = salt;
		this.passwordHash = hash(salt, password);
		this.passwordChanged = at;
		this.passwordImportHook = false;
	}

	public boolean checkPassword(String candidate) {
		byte[] expected = passwordHash;
		return expected != null && candidate != null && MessageDigest.isEqual(expected, hash(passwordSalt, candidate));
	}

	public boolean passwordImportHook() {
		return passwordImportHook;
	}

	public void passwordImportHook(boolean value) {
		this.passwordImportHook = value;
	}

	/** ACTIVE and PASSWORD_EXPIRED people may sign in; everyone else is refused. */
	public boolean maySignIn() {
		return "ACTIVE".equals(status) || "PASSWORD_EXPIRED".equals(status);
	}

	private static byte[] hash(String salt, String password) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(salt.getBytes(StandardCharsets.UTF_8));
			return digest.digest(password.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
