package dev.ferry.provisioning.internal.engine;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.ferry.connector.Account;
import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.Identity;
import dev.ferry.connector.IdentitySource;
import dev.ferry.provisioning.Link;
import dev.ferry.provisioning.Operation;
import dev.ferry.provisioning.internal.config.Compiled;
import dev.ferry.provisioning.internal.config.CompiledConfig;
import dev.ferry.provisioning.internal.config.TenantConnectors;

/**
 * "Provision now" and mapping previews for one person: reads them fresh from Okta, shows
 * what the mappings compute and the plan, without changing anything.
 */
@Component
public class PersonPreview {

	private final Compiled compiled;

	private final TenantConnectors connectors;

	private final Links links;

	PersonPreview(Compiled compiled, TenantConnectors connectors, Links links) {
		this.compiled = compiled;
		this.connectors = connectors;
		this.links = links;
	}

	public Result preview(String identityIdOrLogin) {
		CompiledConfig config = compiled.current();
		IdentitySource source = connectors.source();
		AccountTarget target = connectors.target();
		Identity identity = source.get(identityIdOrLogin).orElse(null);
		if (identity == null) {
			return new Result(null, false, Map.of(), null, null, List.of());
		}
		Link link = links.byIdentity(identity.id()).orElse(null);
		Account account = link == null ? null : target.get(link.accountId()).orElse(null);
		List<Operation.Person> plan = PersonPlanner.plan(config, identity, link, account, target::findByEmail);
		return new Result(identity, config.inScope(identity), config.desiredAccount(identity), link, account, plan);
	}

	/**
	 * @param identity the person as Okta has them now (null: unknown)
	 * @param desired what the mappings compute for their ShareFile account
	 * @param account the linked account as ShareFile has it now (null: not linked, or
	 * ShareFile no longer has it)
	 */
	public record Result(Identity identity, boolean inScope, Map<String, Object> desired, Link link, Account account,
			List<Operation.Person> plan) {
	}

}
