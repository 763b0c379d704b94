package dev.ferry.sandbox.sharefile.control;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import dev.ferry.sandbox.sharefile.ShareFileAccount;
import dev.ferry.sandbox.sharefile.ShareFileAccounts;
import dev.ferry.sandbox.sharefile.control.ControlViews.AccountSummary;
import dev.ferry.sandbox.sharefile.control.ControlViews.GroupView;
import dev.ferry.sandbox.sharefile.control.ControlViews.UserView;

/**
 * {@code /sandbox/sharefile/{sub}}: one account's users (employee or client, disabled)
 * and groups, a page at a time.
 */
@Controller
class ShareFilePageController {

	static final int PAGE = 200;

	private final ShareFileAccounts accounts;

	ShareFilePageController(ShareFileAccounts accounts) {
		this.accounts = accounts;
	}

	@GetMapping("/sandbox/sharefile/{sub}")
	String page(@PathVariable String sub, @RequestParam(defaultValue = "0") int offset, Model model) {
		ShareFileAccount account = accounts.find(sub)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No ShareFile account " + sub));
		int from = Math.max(0, offset);
		model.addAttribute("account", AccountSummary.of(account));
		model.addAttribute("users", account.atomically(
				() -> account.users(ShareFileAccount.EVERYONE, from, PAGE).stream().map(UserView::of).toList()));
		model.addAttribute("groups", account
			.atomically(() -> account.groups().stream().map(group -> GroupView.of(account, group)).toList()));
		model.addAttribute("offset", from);
		model.addAttribute("total", account.userCount());
		model.addAttribute("previous", from > 0 ? Math.max(0, from - PAGE) : -1);
		model.addAttribute("next", from + PAGE < account.userCount() ? from + PAGE : -1);
		return "sharefile/account";
	}

}
