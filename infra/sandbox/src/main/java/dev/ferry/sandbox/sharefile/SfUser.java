package dev.ferry.sandbox.sharefile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One ShareFile user of an account: an employee (licensed, {@code AccountUser}) or a
 * client. Mutable, and only ever touched while holding its {@link ShareFileAccount}'s
 * lock.
 */
public final class SfUser {

	/**
	 * What a never-logged-in user reports as {@code LastAnyLogin} (scripts filter on
	 * "before 1900-01-02").
	 */
	public static final Instant NEVER = Instant.parse("1900-01-01T00:00:00Z");

	private final String id;

	private final Instant created;

	private String email;

	private String firstName;

	private String lastName;

	private String company;

	private boolean employee;

	private boolean administrator;

	private boolean canCreateFolders;

	private boolean canUseFileBox;

	private boolean canManageUsers;

	private int storageQuotaLimitGb = -1;

	private int bandwidth = -1;

	private boolean disabled;

	private String password;

	private Instant lastPasswordChange;

	private Instant firstLogin = NEVER;

	private Instant lastLogin = NEVER;

	private boolean canResetPassword = true;

	private boolean canViewMySettings = true;

	private String defaultZoneId;

	public SfUser(String id, String email, Instant created) {
		this.id = id;
		this.email = email;
		this.created = created;
	}

	/**
	 * The roles ShareFile reports: Employee or Client first, then the permissions this
	 * user holds.
	 */
	public List<String> roles() {
		List<String> roles = new ArrayList<>();
		roles.add(employee ? "Employee" : "Client");
		if (canResetPassword) {
			roles.add("CanChangePassword");
		}
		if (canViewMySettings) {
			roles.add("CanManageMySettings");
		}
		if (employee) {
			if (canUseFileBox) {
				roles.add("CanUseFileBox");
			}
			if (canManageUsers || administrator) {
				roles.add("CanManageUsers");
			}
			if (canCreateFolders) {
				roles.add("CanCreateFolders");
			}
			if (administrator) {
				roles.addAll(List.of("AdminManageEmployees", "AdminSharedDistGroups", "AdminCreateSharedGroups",
						"AdminSharedAddressBook"));
			}
		}
		return roles;
	}

	/**
	 * {@code AdminManageEmployees}: may create, change and delete employees and see
	 * everyone.
	 */
	public boolean managesEmployees() {
		return employee && administrator && !disabled;
	}

	/**
	 * May create, change and delete clients ({@code CanManageUsers} or administrator).
	 */
	public boolean managesClients() {
		return employee && !disabled && (administrator || canManageUsers);
	}

	public boolean canSignIn() {
		return !disabled && password != null;
	}

	public String fullName() {
		return join(firstName, " ", lastName);
	}

	/** "Last, First" as Contacts show it. */
	public String contactName() {
		return join(lastName, ", ", firstName);
	}

	private static String join(String a, String separator, String b) {
		if (a == null || a.isBlank()) {
			return b == null ? "" : b;
		}
		if (b == null || b.isBlank()) {
			return a;
		}
		return a + separator + b;
	}

	public void recordLogin(Instant at) {
		if (firstLogin.equals(NEVER)) {
			firstLogin = at;
		}
		lastLogin = at;
	}

	public String id() {
		return id;
	}

	public Instant created() {
		return created;
	}

	public String email() {
		return email;
	}

	void email(String email) {
		this.email = email;
	}

	public String firstName() {
		return firstName;
	}

	public void firstName(String firstName) {
		this.firstName = firstName;
	}

	public String lastName() {
		return lastName;
	}

	public void lastName(String lastName) {
		this.lastName = lastName;
	}

	public String company() {
		return company;
	}

	public void company(String company) {
		this.company = company;
	}

	public boolean employee() {
		return employee;
	}

	void employee(boolean employee) {
		this.employee = employee;
	}

	public boolean administrator() {
		return administrator;
	}

	public void administrator(boolean administrator) {
		this.administrator = administrator;
	}

	public boolean canCreateFolders() {
		return canCreateFolders;
	}

	public void canCreateFolders(boolean value) {
		this.canCreateFolders = value;
	}

	public boolean canUseFileBox() {
		return canUseFileBox;
	}

	public void canUseFileBox(boolean value) {
		this.canUseFileBox = value;
	}

	public boolean canManageUsers() {
		return canManageUsers;
	}

	public void canManageUsers(boolean value) {
		this.canManageUsers = value;
	}

	public int storageQuotaLimitGb() {
		return storageQuotaLimitGb;
	}

	public void storageQuotaLimitGb(int value) {
		this.storageQuotaLimitGb = value;
	}

	public int bandwidth() {
		return bandwidth;
	}

	public void bandwidth(int value) {
		this.bandwidth = value;
	}

	public boolean disabled() {
		return disabled;
	}

	public void disabled(boolean disabled) {
		this.disabled = disabled;
	}

	public boolean passwordMatches(String candidate) {
		return password != null && password.equals(candidate);
	}

	public boolean hasPassword() {
		return password != null;
	}

	public void password(String password, Instant at) {
		this.password = password;
		this.lastPasswordChange = at;
	}

	public Instant lastPasswordChange() {
		return lastPasswordChange;
	}

	public Instant firstLogin() {
		return firstLogin;
	}

	public Instant lastLogin() {
		return lastLogin;
	}

	public boolean canResetPassword() {
		return canResetPassword;
	}

	public void canResetPassword(boolean value) {
		this.canResetPassword = value;
	}

	public boolean canViewMySettings() {
		return canViewMySettings;
	}

	public void canViewMySettings(boolean value) {
		this.canViewMySettings = value;
	}

	public String defaultZoneId() {
		return defaultZoneId;
	}

	public void defaultZoneId(String value) {
		this.defaultZoneId = value;
	}

}
