package dev.ferry.sandbox.sharefile.api;

import dev.ferry.sandbox.sharefile.SfUser;
import dev.ferry.sandbox.sharefile.ShareFileException;

/**
 * Who may manage whom (§2.2, §7.11): employees need {@code AdminManageEmployees} (an
 * administrator), clients need {@code CanManageUsers} or an administrator. Everyone may
 * read and change themselves where ShareFile lets them; anything else is
 * {@code 403 NotAuthorized}.
 */
final class Permissions {

	private Permissions() {
	}

	static boolean canManage(SfUser caller, SfUser target) {
		return target.employee() ? caller.managesEmployees() : caller.managesClients();
	}

	static void requireManage(SfUser caller, SfUser target) {
		if (!canManage(caller, target)) {
			throw ShareFileException.notAuthorized();
		}
	}

	static void requireManagesEmployees(SfUser caller) {
		if (!caller.managesEmployees()) {
			throw ShareFileException.notAuthorized();
		}
	}

	static void requireManagesClients(SfUser caller) {
		if (!caller.managesClients()) {
			throw ShareFileException.notAuthorized();
		}
	}

	/** Distribution groups belong to employees; clients cannot use them. */
	static void requireEmployee(SfUser caller) {
		if (!caller.employee()) {
			throw ShareFileException.notAuthorized();
		}
	}

}
