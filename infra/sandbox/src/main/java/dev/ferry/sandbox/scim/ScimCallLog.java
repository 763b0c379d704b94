package dev.ferry.sandbox.scim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SCIM requests a sandbox client made, oldest first, for the control API: method,
 * path, status and the SCIM error detail. Bodies are not kept, so a password a request
 * carried is in no entry.
 */
public final class ScimCallLog {

	static final int MAX = 50_000;

	/**
	 * @param sequence 1, 2, … in the order the calls were made (the {@code after} cursor)
	 * @param app the app (Okta) or the tenant (Entra ID) the call was made for
	 * @param trigger what made the client call: {@code assign}, {@code profile},
	 * {@code cycle}, …
	 */
	public record Entry(long sequence, Instant at, String app, String trigger, String method, String path, int status,
			String detail) {
	}

	private final List<Entry> entries = new ArrayList<>();

	private long last;

	public synchronized Entry add(String app, String trigger, ScimHttp.Answer answer) {
		Entry entry = new Entry(++last, Instant.now(), app, trigger, answer.method(), answer.path(), answer.status(),
				answer.errorDetail());
		entries.add(entry);
		if (entries.size() > MAX) {
			entries.subList(0, entries.size() - MAX).clear();
		}
		return entry;
	}

	public synchronized List<Entry> after(long sequence) {
		return entries.stream().filter(entry -> entry.sequence() > sequence).toList();
	}

	public synchronized void clear() {
		entries.clear();
	}

}
