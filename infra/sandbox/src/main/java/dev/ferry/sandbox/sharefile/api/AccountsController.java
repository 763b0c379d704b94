package dev.ferry.sandbox.sharefile.api;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.sandbox.sharefile.ShareFileAccount;
import dev.ferry.sandbox.sharefile.ShareFileException;

import static dev.ferry.sandbox.sharefile.api.ShareFileUsersController.V3;

/**
 * The account (§3): {@code GET Accounts} with the licence counts,
 * {@code GET Accounts/Employees} and {@code GET Accounts/Clients} as Contact feeds
 * ({@code withRightSignature} accepted; every sandbox employee may send for signature),
 * and {@code GET Contacts(id)} which Contact {@code url}s point at.
 */
@RestController
class AccountsController {

	@GetMapping(V3 + "/Accounts")
	Map<String, Object> account(ApiContext context) {
		return context.account().atomically(() -> Views.account(context));
	}

	@GetMapping(V3 + "/Accounts/Employees")
	Map<String, Object> employees(ApiContext context, ODataQuery query) {
		Permissions.requireManagesEmployees(context.caller());
		query.flag("withRightSignature", false);
		return Feeds.users(context, query, "Contacts", ShareFileAccount.EMPLOYEES,
				user -> Views.contact(context, user));
	}

	@GetMapping(V3 + "/Accounts/Clients")
	Map<String, Object> clients(ApiContext context, ODataQuery query) {
		Permissions.requireManagesClients(context.caller());
		return Feeds.users(context, query, "Contacts", ShareFileAccount.CLIENTS, user -> Views.contact(context, user));
	}

	@GetMapping(V3 + "/Contacts({id})")
	Map<String, Object> contact(ApiContext context, ODataQuery query, @PathVariable String id) {
		return context.account()
			.atomically(() -> context.account()
				.user(id)
				.map(user -> Views.select(Views.contact(context, user), query))
				.or(() -> context.account()
					.addressBookEmail(id)
					.map(email -> Views.addressBookContact(context, id, email)))
				.orElseThrow(ShareFileException::notFound));
	}

}
