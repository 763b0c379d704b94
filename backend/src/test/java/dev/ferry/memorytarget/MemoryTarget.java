package dev.ferry.memorytarget;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

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
import dev.ferry.connector.Throttle;

/**
 * A target that lives in the test JVM, with attribute names unlike ShareFile's: the proof
 * that the engine speaks to targets only through the connector SPI (docs/connectors.md).
 * Every call takes a throttle permit, is logged by its {@link MemorySpace}, and a rate
 * limit there answers like a 429.
 */
public class MemoryTarget implements AccountTarget, PasswordOp, AuthenticateOp, GroupOps, AccountTypeOp, TestOp {

	static final TargetSchema SCHEMA = new TargetSchema(List.of("givenName", "familyName", "mail", "department"),
			"mail", "givenName", "familyName", TargetSchema.mappings("givenName", "user.firstName", "familyName",
					"user.lastName", "mail", "user.email", "department", "coalesce(user.department, \"\")"));

	private final String spaceName;

	private final Throttle throttle;

	public MemoryTarget(String spaceName, Throttle throttle) {
		this.spaceName = spaceName;
		this.throttle = throttle;
	}

	@Override
	public TargetSchema schema() {
		return SCHEMA;
	}

	@Override
	public Optional<String> serviceAccount() {
		return Optional.of(space().adminEmail());
	}

	@Override
	public void search(Predicate<Account> handler) {
		for (int offset = 0;;) {
			List<Account> page = call("search", "offset=" + offset).page(offset);
			for (Account account : page) {
				if (!handler.test(account)) {
					return;
				}
			}
			if (page.isEmpty()) {
				return;
			}
			offset += page.size();
		}
	}

	@Override
	public Optional<Account> get(String id) {
		return Optional.ofNullable(call("get", id).account(id));
	}

	@Override
	public Optional<Account> findByEmail(String email) {
		return Optional.ofNullable(call("findByEmail", email).findByEmail(email));
	}

	@Override
	public Account create(Map<String, Object> attributes, String password, boolean notify) {
		return call("create", "employee").create(attributes, true, password);
	}

	@Override
	public Account createClient(Map<String, Object> attributes, String password, boolean notify) {
		return call("create", "client").create(attributes, false, password);
	}

	@Override
	public Account promoteToEmployee(String id) {
		return call("promote", id).promote(id);
	}

	@Override
	public Account update(String id, Map<String, Object> changes) {
		return call("update", id).update(id, changes);
	}

	@Override
	public void setPassword(String id, String password) {
		call("setPassword", id).password(id, password);
	}

	@Override
	public boolean authenticate(String username, String password) {
		return call("authenticate", username).signsIn(username, password);
	}

	@Override
	public void setDisabled(String id, boolean disabled) {
		call("setDisabled", id).disabled(id, disabled);
	}

	@Override
	public void delete(String id, String reassignTo) {
		call("delete", id).delete(id);
	}

	@Override
	public List<AccountGroup> groups() {
		return call("groups", "").groups();
	}

	@Override
	public AccountGroup createGroup(String name, Collection<String> memberIds) {
		return call("createGroup", name).createGroup(name, memberIds);
	}

	@Override
	public void renameGroup(String groupId, String name) {
		call("renameGroup", groupId).renameGroup(groupId, name);
	}

	@Override
	public void deleteGroup(String groupId) {
		call("deleteGroup", groupId).deleteGroup(groupId);
	}

	@Override
	public void addMembers(String groupId, Collection<String> accountIds) {
		call("addMembers", groupId).addMembers(groupId, accountIds);
	}

	@Override
	public void removeMembers(String groupId, Collection<String> accountIds) {
		call("removeMembers", groupId).removeMembers(groupId, accountIds);
	}

	@Override
	public int groupCapacity() {
		return MemorySpace.GROUP_CAPACITY;
	}

	@Override
	public TestOutcome test() {
		try {
			call("test", "");
			return TestOutcome.passed("Connected to memory space " + spaceName + ".", List.of());
		}
		catch (ConnectorException ex) {
			return TestOutcome.failed(ex.getMessage());
		}
	}

	private MemorySpace space() {
		return MemorySpace.get(spaceName);
	}

	/** A permit, then the call is logged (and may be refused as throttled). */
	private MemorySpace call(String operation, String detail) {
		throttle.acquire();
		MemorySpace space = space();
		try {
			space.call(operation, detail);
		}
		catch (ConnectorException ex) {
			if (ex.kind() == ConnectorException.Kind.RETRYABLE && ex.retryAfter() != null) {
				throttle.slowDown(ex.retryAfter());
			}
			throw ex;
		}
		return space;
	}

}
