package dev.ferry.sandbox.sharefile;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.core.Resettable;
import dev.ferry.sandbox.core.TargetDirectory;
import dev.ferry.sandbox.core.TargetKind;

/**
 * Every sandbox ShareFile account by subdomain ({@code /sharefile/{sub}}), seeded at
 * start and on reset.
 */
@Component
public class ShareFileAccounts implements TargetDirectory, Resettable {

	private final Map<String, ShareFileAccount> accounts = new ConcurrentHashMap<>();

	private final ShareFileSeed seed;

	private final ShareFileTokens tokens;

	public ShareFileAccounts(ShareFileSeed seed, ShareFileTokens tokens) {
		this.seed = seed;
		this.tokens = tokens;
		resetToSeed();
	}

	public Optional<ShareFileAccount> find(String subdomain) {
		return Optional.ofNullable(subdomain == null ? null : accounts.get(subdomain));
	}

	/** Adds an account; false when the subdomain is taken. */
	public boolean add(ShareFileAccount account) {
		return accounts.putIfAbsent(account.subdomain(), account) == null;
	}

	public boolean remove(String subdomain) {
		tokens.revokeAccount(subdomain);
		return accounts.remove(subdomain) != null;
	}

	@Override
	public TargetKind kind() {
		return TargetKind.SHAREFILE;
	}

	@Override
	public List<String> names() {
		return accounts.keySet().stream().sorted().toList();
	}

	@Override
	public boolean exists(String name) {
		return accounts.containsKey(name);
	}

	@Override
	public synchronized void resetToSeed() {
		accounts.clear();
		tokens.clear();
		seed.accounts().forEach(account -> accounts.put(account.subdomain(), account));
	}

}
