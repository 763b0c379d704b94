package dev.ferry.provisioning.internal;

import java.net.URI;

import org.springframework.stereotype.Component;

import dev.ferry.connection.Connections;
import dev.ferry.connection.OktaConnection;
import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.IdentitySource;
import dev.ferry.okta.OktaApiSettings;
import dev.ferry.okta.OktaConnector;
import dev.ferry.sharefile.ShareFileConnector;
import dev.ferry.sharefile.ShareFileSettings;
import dev.ferry.work.Throttles;

/**
 * Builds the current tenant's connectors from its stored connections. Every worker of
 * every process shares one token bucket per ShareFile account and per Okta org (by host),
 * so together they stay within what the target allows, and slow down together when it
 * answers 429.
 */
@Component
class ConnectionBackedConnectors implements TenantConnectors {

	private final Connections connections;

	private final ShareFileConnector shareFile;

	private final OktaConnector okta;

	private final Throttles throttles;

	private final int shareFilePerMinute;

	ConnectionBackedConnectors(Connections connections, ShareFileConnector shareFile, OktaConnector okta,
			Throttles throttles, ProvisioningProperties properties) {
		this.connections = connections;
		this.shareFile = shareFile;
		this.okta = okta;
		this.throttles = throttles;
		this.shareFilePerMinute = properties.sharefileRequestsPerMinute();
	}

	@Override
	public IdentitySource source() {
		OktaApiSettings settings = connections.oktaSettings()
			.orElseThrow(() -> new IllegalStateException("The Okta connection is not set up."));
		String appId = connections.okta()
			.map(OktaConnection::shareFileAppId)
			.orElseThrow(() -> new IllegalStateException("Choose the Okta app that stands for ShareFile."));
		// one throttle per Okta rate-limit bucket of the org, starting at the published
		// quota until Okta's
		// headers say the org's own
		String org = bucket(settings.orgUrl());
		return okta.source(settings, appId,
				rateBucket -> throttles.forTarget("okta:" + org + ":" + rateBucket.key(), rateBucket.perMinute()));
	}

	@Override
	public AccountTarget target() {
		ShareFileSettings settings = connections.shareFileSettings()
			.orElseThrow(() -> new IllegalStateException("The ShareFile connection is not set up."));
		return shareFile.target(settings,
				throttles.forTarget("sharefile:" + bucket(settings.baseUrl()), shareFilePerMinute));
	}

	/**
	 * One bucket per account or org: its host and path (the sandbox serves many from one
	 * host).
	 */
	private static String bucket(String url) {
		URI uri = URI.create(url);
		return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
				+ (uri.getPath() == null ? "" : uri.getPath());
	}

}
