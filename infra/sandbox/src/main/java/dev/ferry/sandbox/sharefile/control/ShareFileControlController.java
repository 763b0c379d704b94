package dev.ferry.sandbox.sharefile.control;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaOrgs;
import dev.ferry.sandbox.sharefile.OAuthClient;
import dev.ferry.sandbox.sharefile.PasswordPolicy;
import dev.ferry.sandbox.sharefile.SfUser;
import dev.ferry.sandbox.sharefile.ShareFileAccount;
import dev.ferry.sandbox.sharefile.ShareFileAccounts;
import dev.ferry.sandbox.sharefile.ShareFileException;
import dev.ferry.sandbox.sharefile.ShareFileSeed;
import dev.ferry.sandbox.sharefile.ShareFileTokens;
import dev.ferry.sandbox.sharefile.control.ControlViews.AccountSummary;
import dev.ferry.sandbox.sharefile.control.ControlViews.GroupView;
import dev.ferry.sandbox.sharefile.control.ControlViews.UserView;

/**
 * The ShareFile side of the control API (no auth, plain JSON): create and delete
 * accounts, set licences and the server page size, change users behind Ferry's back
 * ("drift"), inspect groups, expire tokens, mint authorization codes and generate many
 * users at once. The rules ShareFile enforces everywhere (unique e-mail, licences) apply
 * here too.
 */
@RestController
@RequestMapping("/sandbox/api/sharefile")
class ShareFileControlController {

	private final ShareFileAccounts accounts;

	private final ShareFileSeed seed;

	private final ShareFileTokens tokens;

	private final Clock clock;

	private final OktaOrgs oktaOrgs;

	ShareFileControlController(ShareFileAccounts accounts, ShareFileSeed seed, ShareFileTokens tokens, Clock clock,
			OktaOrgs oktaOrgs) {
		this.oktaOrgs = oktaOrgs;
		this.accounts = accounts;
		this.seed = seed;
		this.tokens = tokens;
		this.clock = clock;
	}

	@GetMapping
	List<AccountSummary> list() {
		return accounts.names().stream().map(name -> AccountSummary.of(account(name))).toList();
	}

	@PostMapping
	ResponseEntity<AccountSummary> create(@RequestBody NewAccount request) {
		String sub = request.subdomain();
		if (sub == null || !sub.matches("[a-z0-9][a-z0-9-]{0,62}")) {
			throw new IllegalArgumentException("subdomain must be lower-case letters, digits and dashes");
		}
		ShareFileAccount account = seed.blank(sub, or(request.companyName(), sub),
				request.employeeLicences() == null ? ShareFileSeed.LICENCES : request.employeeLicences(),
				or(request.adminEmail(), "sf.admin@" + sub + ".example"),
				or(request.adminPassword(), ShareFileSeed.DEMO_PASSWORD),
				or(request.clientId(), ShareFileSeed.CLIENT_ID),
				or(request.clientSecret(), ShareFileSeed.CLIENT_SECRET));
		if (request.redirectUris() != null && !request.redirectUris().isEmpty()) {
			account.addClient(new OAuthClient(or(request.clientId(), ShareFileSeed.CLIENT_ID),
					or(request.clientSecret(), ShareFileSeed.CLIENT_SECRET), request.redirectUris()));
		}
		if (!accounts.add(account)) {
			throw new ResponseStatusException(HttpStatus.CONFLICT, "Account " + sub + " already exists");
		}
		return ResponseEntity.status(HttpStatus.CREATED).body(AccountSummary.of(account));
	}

	@GetMapping("/{sub}")
	AccountSummary summary(@PathVariable String sub) {
		return AccountSummary.of(account(sub));
	}

	@DeleteMapping("/{sub}")
	ResponseEntity<Void> delete(@PathVariable String sub) {
		if (!accounts.remove(sub)) {
			throw notFound(sub);
		}
		return ResponseEntity.noContent().build();
	}

	/**
	 * Employee licences and the server-side page size (0 = feeds unpaged unless
	 * {@code $top}).
	 */
	@PutMapping("/{sub}/settings")
	AccountSummary settings(@PathVariable String sub, @RequestBody Settings request) {
		ShareFileAccount account = account(sub);
		if (request.employeeLicences() != null) {
			account.employeeLicences(request.employeeLicences());
		}
		if (request.serverPageSize() != null) {
			account.serverPageSize(request.serverPageSize());
		}
		return AccountSummary.of(account);
	}

	@PostMapping("/{sub}/oauth/clients")
	ResponseEntity<Void> addClient(@PathVariable String sub, @RequestBody OAuthClient client) {
		account(sub).addClient(client);
		return ResponseEntity.noContent().build();
	}

	/** Mints an authorization code as if the user had signed in on the authorize page. */
	@PostMapping("/{sub}/oauth/codes")
	Map<String, String> code(@PathVariable String sub, @RequestBody CodeRequest request) {
		ShareFileAccount account = account(sub);
		account.client(request.clientId()).orElseThrow(() -> new IllegalArgumentException("unknown clientId"));
		SfUser user = account.userByEmail(request.username())
			.filter(SfUser::canSignIn)
			.orElseThrow(() -> new IllegalArgumentException("no active user " + request.username()));
		return Map.of("code", tokens.issueCode(sub, user.id(), request.clientId(), request.redirectUri()));
	}

	/**
	 * Expires one access token now, or every one of the account when the body names none.
	 */
	@PostMapping("/{sub}/tokens/expire")
	Map<String, Integer> expire(@PathVariable String sub, @RequestBody(required = false) ExpireRequest request) {
		account(sub);
		return Map.of("expired", tokens.expire(sub, request == null ? null : request.accessToken()));
	}

	@GetMapping("/{sub}/users")
	List<UserView> users(@PathVariable String sub, @RequestParam(defaultValue = "0") long offset,
			@RequestParam(defaultValue = "100") int limit, @RequestParam(required = false) String role) {
		ShareFileAccount account = account(sub);
		var filter = role == null ? ShareFileAccount.EVERYONE
				: "client".equalsIgnoreCase(role) ? ShareFileAccount.CLIENTS : ShareFileAccount.EMPLOYEES;
		return account
			.atomically(() -> account.users(filter, offset, Math.max(0, limit)).stream().map(UserView::of).toList());
	}

	@GetMapping("/{sub}/users/{id}")
	UserView user(@PathVariable String sub, @PathVariable String id) {
		ShareFileAccount account = account(sub);
		return account.atomically(() -> UserView.of(user(account, id)));
	}

	@PostMapping("/{sub}/users")
	ResponseEntity<UserView> addUser(@PathVariable String sub, @RequestBody UserChange request) {
		ShareFileAccount account = account(sub);
		String password = request.password() == null ? null : PasswordPolicy.check(request.password());
		SfUser user = account.addUser(request.email(), !Boolean.FALSE.equals(request.employee()), clock.instant(),
				created -> apply(created, request, password));
		return ResponseEntity.status(HttpStatus.CREATED).body(UserView.of(user));
	}

	@PatchMapping("/{sub}/users/{id}")
	UserView changeUser(@PathVariable String sub, @PathVariable String id, @RequestBody UserChange request) {
		ShareFileAccount account = account(sub);
		String password = request.password() == null ? null : PasswordPolicy.check(request.password());
		return account.atomically(() -> {
			SfUser user = user(account, id);
			if (request.email() != null) {
				account.requireEmailAvailable(user, request.email());
			}
			if (request.employee() != null) {
				account.employee(user, request.employee());
			}
			if (request.email() != null) {
				account.changeEmail(user, request.email());
			}
			apply(user, request, password);
			return UserView.of(user);
		});
	}

	@PostMapping("/{sub}/users/{id}/disable")
	UserView disable(@PathVariable String sub, @PathVariable String id) {
		ShareFileAccount account = account(sub);
		return account.atomically(() -> {
			SfUser user = user(account, id);
			user.disabled(true);
			return UserView.of(user);
		});
	}

	@DeleteMapping("/{sub}/users/{id}")
	ResponseEntity<Void> deleteUser(@PathVariable String sub, @PathVariable String id,
			@RequestParam(required = false) String groupsReassignTo) {
		ShareFileAccount account = account(sub);
		account.atomically(() -> {
			SfUser user = user(account, id);
			SfUser heir = groupsReassignTo == null ? null : user(account, groupsReassignTo);
			account.removeUser(user, heir);
			return null;
		});
		tokens.revoke(sub, id);
		return ResponseEntity.noContent().build();
	}

	/**
	 * Adds {@code count} users quickly: {@code {prefix}{n}@{domain}}, employees (licences
	 * permitting) or clients. For scale tests; 100,000 take well under a second or two.
	 */
	@PostMapping("/{sub}/users/generate")
	Map<String, Object> generate(@PathVariable String sub, @RequestBody Generate request) {
		ShareFileAccount account = account(sub);
		if (request.fromOkta() == null
				&& (request.count() == null || request.count() <= 0 || request.count() > 1_000_000)) {
			throw new IllegalArgumentException("count must be between 1 and 1000000");
		}
		if (request.fromOkta() != null) {
			return copyOkta(account, request);
		}
		String prefix = or(request.prefix(), "user");
		String domain = or(request.domain(), sub + ".example");
		boolean employees = !Boolean.FALSE.equals(request.employees());
		long started = System.nanoTime();
		int created = account.atomically(() -> {
			int n = 0;
			int start = account.userCount();
			for (int i = 0; i < request.count(); i++) {
				int number = start + i;
				account.addUser(prefix + number + "@" + domain, employees, clock.instant(), user -> {
					user.firstName("User");
					user.lastName(Integer.toString(number));
					user.company(account.companyName());
				});
				n++;
			}
			return n;
		});
		return Map.of("created", created, "millis", (System.nanoTime() - started) / 1_000_000, "users",
				account.userCount());
	}

	/**
	 * {@code {"fromOkta": "org"}}: an account that already holds a user for every active
	 * person of that sandbox Okta org (same e-mail, names and organisation), as when a
	 * company adopts provisioning for a ShareFile account it has long used. Scale tests
	 * use it to start from 100,000 matching users.
	 */
	private Map<String, Object> copyOkta(ShareFileAccount account, Generate request) {
		OktaOrg org = oktaOrgs.find(request.fromOkta())
			.orElseThrow(() -> new IllegalArgumentException("No Okta org " + request.fromOkta()));
		boolean employees = !Boolean.FALSE.equals(request.employees());
		long started = System.nanoTime();
		List<Map<String, Object>> people;
		synchronized (org) {
			people = org.usersById()
				.values()
				.stream()
				.filter(user -> "ACTIVE".equals(user.status()) && user.profile().get("email") instanceof String)
				.map(user -> (Map<String, Object>) new java.util.HashMap<>(user.profile()))
				.toList();
		}
		int created = account.atomically(() -> {
			int n = 0;
			for (Map<String, Object> profile : people) {
				String email = String.valueOf(profile.get("email"));
				if (account.userByEmail(email).isPresent()) {
					continue;
				}
				account.addUser(email, employees, clock.instant(), user -> {
					user.firstName(String.valueOf(profile.getOrDefault("firstName", "")));
					user.lastName(String.valueOf(profile.getOrDefault("lastName", "")));
					user.company(profile.get("organization") instanceof String company ? company : "");
				});
				n++;
			}
			return n;
		});
		return Map.of("created", created, "millis", (System.nanoTime() - started) / 1_000_000, "users",
				account.userCount());
	}

	@GetMapping("/{sub}/groups")
	List<GroupView> groups(@PathVariable String sub) {
		ShareFileAccount account = account(sub);
		return account.atomically(() -> account.groups().stream().map(group -> GroupView.of(account, group)).toList());
	}

	@ExceptionHandler(ShareFileException.class)
	ResponseEntity<Map<String, String>> refused(ShareFileException ex) {
		return ResponseEntity.status(ex.status()).body(Map.of("error", ex.getMessage(), "reason", ex.reason()));
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException ex) {
		return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(ex.getMessage())));
	}

	private void apply(SfUser user, UserChange request, String password) {
		if (request.firstName() != null) {
			user.firstName(request.firstName());
		}
		if (request.lastName() != null) {
			user.lastName(request.lastName());
		}
		if (request.company() != null) {
			user.company(request.company());
		}
		if (request.disabled() != null) {
			user.disabled(request.disabled());
		}
		if (request.administrator() != null && user.employee()) {
			user.administrator(request.administrator());
		}
		if (password != null) {
			user.password(password, clock.instant());
		}
	}

	private ShareFileAccount account(String sub) {
		return accounts.find(sub).orElseThrow(() -> notFound(sub));
	}

	private static SfUser user(ShareFileAccount account, String id) {
		return account.user(id)
			.or(() -> account.userByEmail(id))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No user " + id));
	}

	private static ResponseStatusException notFound(String sub) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "No ShareFile account " + sub);
	}

	private static String or(String value, String fallback) {
		return value == null || value.isBlank() ? fallback : value;
	}

	record NewAccount(String subdomain, String companyName, Integer employeeLicences, String adminEmail,
			String adminPassword, String clientId, String clientSecret, List<String> redirectUris) {
	}

	record Settings(Integer employeeLicences, Integer serverPageSize) {
	}

	record CodeRequest(String clientId, String username, String redirectUri) {
	}

	record ExpireRequest(String accessToken) {
	}

	/** Any field left out stays as it is; {@code employee} defaults to true on create. */
	record UserChange(String email, String firstName, String lastName, String company, Boolean employee,
			Boolean administrator, Boolean disabled, String password) {
	}

	/**
	 * @param fromOkta copy the active people of this sandbox Okta org instead of
	 * generating {@code count}
	 */
	record Generate(Integer count, Boolean employees, String prefix, String domain, String fromOkta) {
	}

}
