package dev.ferry.sandbox.okta;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.core.Resettable;
import dev.ferry.sandbox.core.TargetDirectory;
import dev.ferry.sandbox.core.TargetKind;

/**
 * Every sandbox Okta org, by name ({@code /okta/{org}}), seeded with the demo world at
 * start and on reset.
 */
@Component
public class OktaOrgs implements TargetDirectory, Resettable {

	private final Map<String, OktaOrg> orgs = new ConcurrentHashMap<>();

	private final OktaSeed seed;

	public OktaOrgs(OktaSeed seed) {
		this.seed = seed;
		resetToSeed();
	}

	public Optional<OktaOrg> find(String name) {
		return Optional.ofNullable(orgs.get(name));
	}

	/**
	 * Creates an empty org (its Everyone group and SSWS token only), or returns the one
	 * with that name.
	 */
	public OktaOrg create(String name) {
		return orgs.computeIfAbsent(name, seed::emptyOrg);
	}

	@Override
	public TargetKind kind() {
		return TargetKind.OKTA;
	}

	@Override
	public List<String> names() {
		return new ArrayList<>(orgs.keySet()).stream().sorted().toList();
	}

	@Override
	public synchronized void resetToSeed() {
		orgs.clear();
		seed.orgs().forEach(org -> orgs.put(org.name(), org));
	}

}
