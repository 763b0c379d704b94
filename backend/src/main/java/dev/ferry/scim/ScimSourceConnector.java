package dev.ferry.scim;

import java.util.List;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.ferry.connector.ConnectorSettings;
import dev.ferry.connector.IdentitySource;
import dev.ferry.connector.SettingField;
import dev.ferry.connector.SourceConnectorFactory;
import dev.ferry.connector.ThrottleSource;

/**
 * SCIM push's registration: a source with no settings of its own (the identity provider
 * calls Ferry with a bearer token from the Connections page), read from Ferry's SCIM
 * directory. Offered after Okta.
 */
@Component
@Order(100)
public class ScimSourceConnector implements SourceConnectorFactory {

	public static final String KIND = "scim";

	private final ScimDirectory directory;

	ScimSourceConnector(ScimDirectory directory) {
		this.directory = directory;
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public List<SettingField> settings() {
		return List.of();
	}

	@Override
	public IdentitySource open(ConnectorSettings settings, ThrottleSource throttles) {
		return new ScimSource(directory);
	}

}
