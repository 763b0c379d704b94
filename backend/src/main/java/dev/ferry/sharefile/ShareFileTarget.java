package dev.ferry.sharefile;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import tools.jackson.databind.json.JsonMapper;

import dev.ferry.connector.Account;
import dev.ferry.connector.AccountGroup;
import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.AccountTypeOp;
import dev.ferry.connector.AuthenticateOp;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.GroupOps;
import dev.ferry.connector.PasswordOp;
import dev.ferry.connector.TargetSchema;
import dev.ferry.connector.TestOp;
import dev.ferry.connector.TestOutcome;

/**
 * One ShareFile account as Ferry's {@link AccountTarget}, with every optional capability
 * ShareFile has: a facade over {@link ShareFileUsers} and {@link ShareFileGroups}, which
 * share one {@link ShareFileClient} (token, throttle, error mapping). Thread-safe.
 */
public class ShareFileTarget implements AccountTarget, PasswordOp, AuthenticateOp, GroupOps, AccountTypeOp, TestOp {

	/**
	 * What Ferry writes (docs/reference/sharefile.md §2): the Contact fields of a user;
	 * {@code Email} is the sign-in name.
	 */
	static final TargetSchema SCHEMA = new TargetSchema(List.of("FirstName", "LastName", "Email", "Company"), "Email",
			"FirstName", "LastName", Map.of("FirstName", "user.firstName", "LastName", "user.lastName", "Email",
					"user.email", "Company", "coalesce(user.organization, \"\")"));

	private final ShareFileSettings settings;

	private final ShareFileClient client;

	private final JsonMapper json;

	private final Clock clock;

	private final ShareFileUsers users;

	private final ShareFileGroups groups;

	public ShareFileTarget(ShareFileSettings settings, ShareFileClient client, JsonMapper json, Clock clock) {
		this(settings, client, json, clock, ShareFileFeeds.PAGE_SIZE);
	}

	/**
	 * @param client calls the account with {@code settings}
	 * @param pageSize items per listing request ({@code $top})
	 */
	public ShareFileTarget(ShareFileSettings settings, ShareFileClient client, JsonMapper json, Clock clock,
			int pageSize) {
		this.settings = settings;
		this.client = client;
		this.json = json;
		this.clock = clock;
		ShareFileFeeds feeds = new ShareFileFeeds(client, pageSize);
		this.users = new ShareFileUsers(client, feeds);
		this.groups = new ShareFileGroups(client, feeds);
	}

	@Override
	public TargetSchema schema() {
		return SCHEMA;
	}

	@Override
	public Optional<String> serviceAccount() {
		return Optional.of(settings.adminUsername());
	}

	@Override
	public void search(Predicate<Account> handler) {
		users.search(handler);
	}

	@Override
	public Optional<Account> get(String id) {
		return users.get(id);
	}

	@Override
	public Optional<Account> findByEmail(String email) {
		return users.findByEmail(email);
	}

	@Override
	public Account create(Map<String, Object> attributes, String password, boolean notify) {
		return users.create(attributes, true, password, notify);
	}

	@Override
	public Account createClient(Map<String, Object> attributes, String password, boolean notify) {
		return users.create(attributes, false, password, notify);
	}

	@Override
	public Account update(String id, Map<String, Object> changes) {
		return users.update(id, changes);
	}

	@Override
	public Account promoteToEmployee(String id) {
		return users.promoteToEmployee(id);
	}

	@Override
	public void setPassword(String id, String password) {
		users.setPassword(id, password);
	}

	@Override
	public void setDisabled(String id, boolean disabled) {
		users.setDisabled(id, disabled);
	}

	@Override
	public void delete(String id, String reassignTo) {
		users.delete(id, reassignTo);
	}

	/**
	 * The account's OAuth password grant with the person's own credentials
	 * (docs/reference/sharefile.md §1), then one read as them: the same check ShareFile's
	 * own sign-in makes.
	 */
	@Override
	public boolean authenticate(String username, String password) {
		ShareFileSettings asPerson = new ShareFileSettings(settings.baseUrl(), settings.clientId(),
				settings.clientSecret(), username, password);
		try {
			new ShareFileClient(asPerson, json, clock).get("Users");
			return true;
		}
		catch (ConnectorException ex) {
			if (ex.kind() == ConnectorException.Kind.INVALID_CREDENTIAL
					|| ex.kind() == ConnectorException.Kind.PERMISSION_DENIED) {
				return false;
			}
			throw ex;
		}
	}

	@Override
	public TestOutcome test() {
		return ShareFileConnector.test(client, settings);
	}

	@Override
	public List<AccountGroup> groups() {
		return groups.groups();
	}

	@Override
	public AccountGroup createGroup(String name, Collection<String> memberIds) {
		return groups.create(name, memberIds);
	}

	@Override
	public void renameGroup(String groupId, String name) {
		groups.rename(groupId, name);
	}

	@Override
	public void deleteGroup(String groupId) {
		groups.delete(groupId);
	}

	@Override
	public void addMembers(String groupId, Collection<String> accountIds) {
		groups.addMembers(groupId, accountIds);
	}

	@Override
	public void removeMembers(String groupId, Collection<String> accountIds) {
		groups.removeMembers(groupId, accountIds);
	}

	@Override
	public int groupCapacity() {
		return ShareFileGroups.CAPACITY;
	}

}
