package dev.ferry.system.internal;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code FERRY_LOG_FORMAT} switches the console log to one JSON object per line (Spring
 * Boot's structured logging): {@code json} or {@code ecs} (Elastic Common Schema),
 * {@code logstash}, {@code gelf}; empty or {@code plain} keeps the readable lines. Every
 * line then carries the logging MDC as fields: {@code correlationId} and {@code clientIp}
 * for a web request, {@code tenant} where an organisation is known, and {@code jobId},
 * {@code jobKind} in a worker (docs/operations-monitoring.md, "Logs").
 *
 * <p>
 * An environment post-processor, because the logging system is set up from the
 * environment before any bean exists. An explicit
 * {@code logging.structured.format.console} wins; an unknown value stops Ferry at
 * start-up, naming the variable, rather than logging in a format nobody parses.
 */
public class LogFormat implements EnvironmentPostProcessor, Ordered {

	static final String VARIABLE = "FERRY_LOG_FORMAT";

	static final String PROPERTY = "logging.structured.format.console";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String structured = structuredFormat(environment.getProperty(VARIABLE, ""));
		if (structured != null && !environment.containsProperty(PROPERTY)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("ferryLogFormat", Map.of(PROPERTY, structured)));
		}
	}

	/**
	 * The structured format Spring Boot knows for a value of {@code FERRY_LOG_FORMAT};
	 * null for plain lines.
	 */
	static String structuredFormat(String value) {
		return switch (value.strip().toLowerCase(Locale.ROOT)) {
			case "", "plain", "text" -> null;
			case "json", "ecs" -> "ecs";
			case "logstash" -> "logstash";
			case "gelf" -> "gelf";
			default -> throw new IllegalStateException(
					VARIABLE + " must be plain, json (ECS), ecs, logstash or gelf, not '" + value + "'");
		};
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
