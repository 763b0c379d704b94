package dev.ferry.sharefile;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import dev.ferry.connector.Account;
import dev.ferry.connector.AccountGroup;
import dev.ferry.connector.AccountTarget;

/**
 * One ShareFile account as Ferry's {@link AccountTarget}: a facade over
 * {@link ShareFileUsers} and {@link ShareFileGroups}, which share one
 * {@link ShareFileClient} (token, throttle, error mapping). Thread-safe.
 */
public class ShareFileTarget implements AccountTarget {

	private final ShareFileUsers users;

	private final ShareFileGroups groups;

	public ShareFileTarget(ShareFileClient client) {
		this(client, ShareFileFeeds.PAGE_SIZE);
	}

	/**
	 * @param pageSize items per listing request ({@code $top})
	 */
	public ShareFileTarget(ShareFileClient client, int pageSize) {
		ShareFileFeeds feeds = new ShareFileFeeds(client, pageSize);
		this.users = new ShareFileUsers(client, feeds);
		this.groups = new ShareFileGroups(client, feeds);
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
	public Account create(Map<String, Object> attributes, boolean employee, String password, boolean notify) {
		return users.create(attributes, employee, password, notify);
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
