package dev.ferry.sandbox.sharefile;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * The demo world's ShareFile side (docs/sandbox.md, "The demo world"): accounts
 * {@code acme} and {@code globex}, each with OAuth client
 * {@value #CLIENT_ID}/{@value #CLIENT_SECRET}, admin {@code sf.admin@{sub}.example},
 * {@value #LICENCES} employee licences and a few pre-existing users: three who match Okta
 * people by e-mail (an employee, a disabled employee and a client), one ShareFile-only
 * client, and a group. Every seeded user's password is {@value #DEMO_PASSWORD}.
 */
@Component
public class ShareFileSeed {

	public static final String CLIENT_ID = "sandbox-client";

	public static final String CLIENT_SECRET = "sandbox-secret";

	public static final String DEMO_PASSWORD = "Ferry-demo-1";

	public static final int LICENCES = 100;

	private final Clock clock;

	public ShareFileSeed(Clock clock) {
		this.clock = clock;
	}

	public List<ShareFileAccount> accounts() {
		return List.of(account("acme", "Acme Corp"), account("globex", "Globex Corporation"));
	}

	/**
	 * An empty account with just its admin and the sandbox OAuth client (the control
	 * API's "create").
	 */
	public ShareFileAccount blank(String sub, String company, int licences, String adminEmail, String adminPassword,
			String clientId, String clientSecret) {
		ShareFileAccount account = new ShareFileAccount(sub, company, licences);
		account.addClient(new OAuthClient(clientId, clientSecret, List.of()));
		Instant now = clock.instant();
		SfUser admin = account.addUser(adminEmail, true, now);
		admin.firstName("ShareFile");
		admin.lastName("Admin");
		admin.company(company);
		admin.administrator(true);
		admin.canCreateFolders(true);
		admin.canUseFileBox(true);
		admin.canManageUsers(true);
		admin.password(PasswordPolicy.check(adminPassword), now);
		return account;
	}

	private ShareFileAccount account(String sub, String company) {
		ShareFileAccount account = blank(sub, company, LICENCES, "sf.admin@" + sub + ".example", DEMO_PASSWORD,
				CLIENT_ID, CLIENT_SECRET);
		Instant now = clock.instant();
		SfUser ada = user(account, "ada.stone@" + sub + ".example", "Ada", "Stone", company, true, now);
		ada.canCreateFolders(true);
		ada.canUseFileBox(true);
		SfUser cara = user(account, "cara.hale@" + sub + ".example", "Cara", "Hale", company, true, now);
		cara.disabled(true);
		SfUser ben = user(account, "ben.reed@" + sub + ".example", "Ben", "Reed", company, false, now);
		SfUser counsel = user(account, "pat.lawson@lawson-legal.example", "Pat", "Lawson", "Lawson Legal", false, now);
		SfUser admin = account.userByEmail("sf.admin@" + sub + ".example").orElseThrow();
		SfGroup group = account.addGroup("Project Phoenix", true, admin.id(), now);
		account.addMembers(group, List.of(new ShareFileAccount.MemberRef(ada.id(), null),
				new ShareFileAccount.MemberRef(ben.id(), null), new ShareFileAccount.MemberRef(counsel.id(), null)));
		return account;
	}

	private static SfUser user(ShareFileAccount account, String email, String first, String last, String company,
			boolean employee, Instant now) {
		SfUser user = account.addUser(email, employee, now);
		user.firstName(first);
		user.lastName(last);
		user.company(company);
		user.password(DEMO_PASSWORD, now);
		return user;
	}

}
