package dev.ferry.sandbox.sharefile.control;

import java.util.List;

import dev.ferry.sandbox.sharefile.SfGroup;
import dev.ferry.sandbox.sharefile.SfUser;
import dev.ferry.sandbox.sharefile.ShareFileAccount;

/**
 * The control API's plain JSON (not ShareFile's wire format): what a test or the page
 * needs to see.
 */
final class ControlViews {

	private ControlViews() {
	}

	record AccountSummary(String subdomain, String companyName, int employeeLicences, int employees, int clients,
			int groups, int serverPageSize, List<String> oauthClients) {

		static AccountSummary of(ShareFileAccount account) {
			return account.atomically(() -> new AccountSummary(account.subdomain(), account.companyName(),
					account.employeeLicences(), account.employeeCount(), account.clientCount(), account.groups().size(),
					account.serverPageSize(),
					account.clients().stream().map(dev.ferry.sandbox.sharefile.OAuthClient::clientId).toList()));
		}

	}

	record UserView(String id, String email, String firstName, String lastName, String company, String role,
			boolean administrator, boolean disabled, boolean hasPassword, String created, String lastLogin) {

		static UserView of(SfUser user) {
			return new UserView(user.id(), user.email(), user.firstName(), user.lastName(), user.company(),
					user.employee() ? "Employee" : "Client", user.administrator(), user.disabled(), user.hasPassword(),
					user.created().toString(),
					user.lastLogin().equals(SfUser.NEVER) ? null : user.lastLogin().toString());
		}

	}

	record MemberView(String id, String email, boolean user) {
	}

	record GroupView(String id, String name, boolean shared, String ownerId, String ownerEmail, int memberCount,
			List<MemberView> members) {

		static GroupView of(ShareFileAccount account, SfGroup group) {
			List<MemberView> members = group.memberIds()
				.stream()
				.map(id -> account.user(id)
					.map(user -> new MemberView(id, user.email(), true))
					.orElseGet(() -> new MemberView(id, account.addressBookEmail(id).orElse(""), false)))
				.toList();
			return new GroupView(group.id(), group.name(), group.shared(), group.ownerId(),
					account.user(group.ownerId()).map(SfUser::email).orElse(null), members.size(), members);
		}

	}

}
