package dev.ferry.memorytarget;

import java.util.List;
import java.util.UUID;

import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.AccountTargetContract;
import dev.ferry.connector.SentRequest;
import dev.ferry.connector.Throttle;

/**
 * The in-memory target passes the same contract as ShareFile: the contract describes what
 * the engine needs of any target, not ShareFile's wire format.
 */
class MemoryTargetTest extends AccountTargetContract {

	@Override
	protected String newAccount(int licences) {
		String name = "contract-" + UUID.randomUUID().toString().substring(0, 8);
		MemorySpace.create(name, licences, "admin@" + name + ".example", "Admin-pass-1");
		return name;
	}

	@Override
	protected AccountTarget target(String account, Throttle throttle) {
		return new MemoryTarget(account, throttle);
	}

	@Override
	protected void addUsers(String account, int count, boolean employees, String prefix) {
		MemorySpace.get(account).generate(count, employees, prefix);
	}

	@Override
	protected void serverPageSize(String account, int size) {
		MemorySpace.get(account).pageSize(size);
	}

	@Override
	protected void throttle(String account, int perMinute) {
		MemorySpace.get(account).rateLimit(perMinute);
	}

	@Override
	protected long mark() {
		return MemorySpace.mark();
	}

	@Override
	protected List<SentRequest> requestsSince(String account, long mark) {
		return MemorySpace.get(account).callsSince(mark);
	}

	@Override
	protected boolean signsIn(String account, String email, String password) {
		return MemorySpace.get(account).signsIn(email, password);
	}

}
