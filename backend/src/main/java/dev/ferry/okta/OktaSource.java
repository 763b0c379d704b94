package dev.ferry.okta;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import dev.ferry.connector.Identity;
import dev.ferry.connector.ChangeHookOp;
import dev.ferry.connector.CreateOp;
import dev.ferry.connector.IdentitySource;
import dev.ferry.connector.PasswordImportHookOp;
import dev.ferry.connector.SyncOp;
import dev.ferry.connector.SourceGroup;

/**
 * One Okta org, and the app that stands for ShareFile in it, as Ferry's
 * {@link IdentitySource}: a facade over {@link OktaPeople}, {@link OktaGroups} and
 * {@link OktaChanges} and {@link OktaHooks}, which share one {@link OktaClient} (auth,
 * throttle, error mapping). Thread-safe.
 */
public class OktaSource implements IdentitySource, SyncOp, CreateOp, ChangeHookOp, PasswordImportHookOp {

	/** The largest page Okta serves of {@code /apps/{id}/users}. */
	static final int APP_USERS_PAGE = 500;

	static final int GROUPS_PAGE = 200;

	private final OktaPeople people;

	private final OktaGroups groups;

	private final OktaChanges changes;

	private final OktaHooks hooks;

	public OktaSource(OktaClient client, String appId) {
		this(client, appId, APP_USERS_PAGE);
	}

	/**
	 * @param pageSize people per {@code /apps/{id}/users} page
	 */
	public OktaSource(OktaClient client, String appId, int pageSize) {
		this.people = new OktaPeople(client, appId, pageSize);
		this.groups = new OktaGroups(client, GROUPS_PAGE);
		this.changes = new OktaChanges(client, appId);
		this.hooks = new OktaHooks(client);
	}

	@Override
	public void searchAssigned(Predicate<Identity> handler) {
		people.searchAssigned(handler);
	}

	@Override
	public Optional<Identity> get(String id) {
		return people.get(id);
	}

	@Override
	public Optional<Identity> getAssumingAssigned(String id) {
		return people.getAssumingAssigned(id);
	}

	@Override
	public List<SourceGroup> groups() {
		return groups.groups();
	}

	@Override
	public List<String> groupMembers(String groupId) {
		return groups.members(groupId);
	}

	@Override
	public Changes changesSince(String position) {
		return changes.since(position);
	}

	@Override
	public Identity create(Map<String, Object> profile, boolean activate, boolean keepsTargetPassword) {
		return people.create(profile, activate, keepsTargetPassword);
	}

	@Override
	public Identity updateProfile(String id, Map<String, Object> changes) {
		return people.updateProfile(id, changes);
	}

	@Override
	public HookState registerChangeHook(String existingId, String uri, String secret) {
		return hooks.registerChangeHook(existingId, uri, secret);
	}

	@Override
	public String registerPasswordImportHook(String uri, String secret) {
		return hooks.registerPasswordImportHook(uri, secret);
	}

}
