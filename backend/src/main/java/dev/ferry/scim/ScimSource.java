package dev.ferry.scim;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import dev.ferry.connector.Identity;
import dev.ferry.connector.IdentitySource;
import dev.ferry.connector.SourceGroup;
import dev.ferry.connector.TestOp;
import dev.ferry.connector.TestOutcome;

/**
 * The organisation's SCIM directory as the engine's {@link IdentitySource}: everyone the
 * identity provider pushed is assigned; an active person is {@code ACTIVE}, one set
 * {@code active: false} is {@code SUSPENDED} (out of scope, so deprovisioned as the
 * organisation's policy says), and one the provider deleted is gone. Push only: there is
 * nothing to poll, and groups come with the SCIM Groups endpoint.
 */
class ScimSource implements IdentitySource, TestOp {

	private final ScimDirectory directory;

	ScimSource(ScimDirectory directory) {
		this.directory = directory;
	}

	@Override
	public void searchAssigned(Predicate<Identity> handler) {
		for (ScimDirectory.Entry entry : directory.all()) {
			if (!handler.test(identity(entry))) {
				return;
			}
		}
	}

	@Override
	public Optional<Identity> get(String id) {
		UUID uuid;
		try {
			uuid = UUID.fromString(id);
		}
		catch (IllegalArgumentException notOurs) {
			return Optional.empty();
		}
		return directory.find(uuid).map(entry -> identity(entry, directory.groupNamesOf(entry.id())));
	}

	@Override
	public List<SourceGroup> groups() {
		return directory.groups()
			.stream()
			.map(group -> new SourceGroup(group.id().toString(), group.displayName()))
			.toList();
	}

	@Override
	public List<String> groupMembers(String groupId) {
		try {
			return directory.members(UUID.fromString(groupId)).stream().map(UUID::toString).toList();
		}
		catch (IllegalArgumentException notOurs) {
			return List.of();
		}
	}

	/** Nothing to call: the identity provider calls Ferry. */
	@Override
	public TestOutcome test() {
		return TestOutcome.passed("Ferry receives people through SCIM: " + directory.count() + " so far.", List.of());
	}

	static Identity identity(ScimDirectory.Entry entry) {
		return identity(entry, List.of());
	}

	static Identity identity(ScimDirectory.Entry entry, List<String> groups) {
		return new Identity(entry.id().toString(), entry.userName(), entry.active() ? "ACTIVE" : "SUSPENDED",
				ScimProfile.of(entry.userName(), entry.externalId(), entry.resource()), groups, true);
	}

}
