package dev.ferry.sandbox.sharefile.api;

import dev.ferry.sandbox.sharefile.ShareFileAccount;
import dev.ferry.sandbox.sharefile.SfUser;

/**
 * Who is calling which account, resolved once per {@code /sf/v3} request by
 * {@link BearerAuthInterceptor}.
 *
 * @param apiBase absolute API root of this account as the caller reached it, e.g.
 * {@code http://127.0.0.1:9000/sharefile/acme/sf/v3}; entity {@code url}s and metadata
 * build on it
 */
record ApiContext(ShareFileAccount account, SfUser caller, String apiBase) {

	static final String ATTRIBUTE = ApiContext.class.getName();

	String url(String path) {
		return apiBase + "/" + path;
	}

}
