package dev.ferry.memorytarget;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.ConnectorSettings;
import dev.ferry.connector.SettingField;
import dev.ferry.connector.SettingProblem;
import dev.ferry.connector.TargetConnectorFactory;
import dev.ferry.connector.TargetSchema;
import dev.ferry.connector.ThrottleSource;

/**
 * The in-memory target's one registration. It lives in the test tree, so only test
 * contexts (which scan {@code dev.ferry}) know the kind {@code memory}; offered after
 * every real target.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
public class MemoryTargetConnector implements TargetConnectorFactory {

	public static final String KIND = "memory";

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public List<SettingField> settings() {
		return List.of(SettingField.text("space"), SettingField.email("adminEmail"),
				SettingField.secret("adminPassword"));
	}

	@Override
	public List<SettingProblem> validate(ConnectorSettings settings) {
		return settings.get("space").matches("[a-z0-9-]{1,40}") ? List.of()
				: List.of(SettingProblem.of("space", "connection.problem.required"));
	}

	@Override
	public TargetSchema schema() {
		return MemoryTarget.SCHEMA;
	}

	@Override
	public AccountTarget open(ConnectorSettings settings, ThrottleSource throttles) {
		return new MemoryTarget(settings.get("space"), throttles.forKey(KIND + ":" + settings.get("space"), 60_000));
	}

}
