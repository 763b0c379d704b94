package dev.ferry.provisioning.internal.scim;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.PasswordOp;
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.provisioning.internal.config.ConfigStore;
import dev.ferry.provisioning.internal.config.TenantConnectors;
import dev.ferry.provisioning.internal.engine.Links;
import dev.ferry.provisioning.Link;
import dev.ferry.system.TenantContext;

/**
 * A password an identity provider sends through SCIM, set on the person's account in the
 * target at once (Push Password Updates) and kept nowhere: not stored, not logged, not in
 * the audit trail (which records only that it was set, or why not).
 */
@Component
class ScimPasswords {

	private final TenantConnectors connectors;

	private final ConfigStore configs;

	private final Links links;

	private final ApplicationEventPublisher events;

	ScimPasswords(TenantConnectors connectors, ConfigStore configs, Links links, ApplicationEventPublisher events) {
		this.connectors = connectors;
		this.configs = configs;
		this.links = links;
		this.events = events;
	}

	/**
	 * Whether passwords are pushed now: provisioning and Push Password Updates are on.
	 */
	boolean pushing() {
		ProvisioningConfig config = configs.current();
		return config.enabled() && config.features().pushPasswordUpdates();
	}

	/** The person's linked account in the target, if Ferry has made or matched one. */
	Optional<Link> account(String identityId) {
		return links.byIdentity(identityId);
	}

	/**
	 * Sets the password on the person's linked account when passwords are pushed; does
	 * nothing without a password, without the feature or without an account.
	 * @param login what the audit trail names the person by
	 * @return why it could not be set, as a SCIM status and detail; empty when set or not
	 * asked for
	 */
	Optional<Refused> set(String identityId, String login, String password, AuditEntry.Actor actor) {
		if (password == null || password.isEmpty() || !pushing()) {
			return Optional.empty();
		}
		Optional<Link> link = account(identityId);
		if (link.isEmpty()) {
			return Optional.empty();
		}
		UUID tenant = TenantContext.require();
		String account = link.get().accountId();
		try {
			connectors.target().require(PasswordOp.class).setPassword(account, password);
			events.publishEvent(new Happened(tenant, actor, "provisioning.set_password", "identity", identityId,
					AuditEntry.Outcome.SUCCESS, Map.of("account", account, "login", String.valueOf(login)))
				.evenIfRolledBack());
			return Optional.empty();
		}
		catch (ConnectorException ex) {
			// only the kind: a target's message might quote what it was sent
			events.publishEvent(new Happened(tenant, actor, "provisioning.set_password", "identity", identityId,
					AuditEntry.Outcome.FAILURE, Map.of("account", account, "error", ex.kind().name()))
				.evenIfRolledBack());
			return Optional.of(ex.kind() == ConnectorException.Kind.INVALID_REQUEST
					? new Refused(400, "The target refused the password (" + ex.kind() + ").")
					: new Refused(503, "The target could not set the password (" + ex.kind() + "); try again."));
		}
	}

	/** A password that could not be set: the SCIM status and detail to answer with. */
	record Refused(int status, String detail) {

	}

}
