package dev.ferry.connector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Every registered connector factory by kind: the one place the engine and the
 * Connections page find connectors, so a new connector module is found without a change
 * here.
 */
@Component
public class Connectors {

	private final Map<String, TargetConnectorFactory> targets = new LinkedHashMap<>();

	private final Map<String, SourceConnectorFactory> sources = new LinkedHashMap<>();

	Connectors(List<TargetConnectorFactory> targets, List<SourceConnectorFactory> sources) {
		targets.forEach(factory -> register(this.targets, factory));
		sources.forEach(factory -> register(this.sources, factory));
	}

	public Optional<TargetConnectorFactory> target(String kind) {
		return Optional.ofNullable(targets.get(kind));
	}

	public Optional<SourceConnectorFactory> source(String kind) {
		return Optional.ofNullable(sources.get(kind));
	}

	public List<TargetConnectorFactory> targets() {
		return List.copyOf(targets.values());
	}

	public List<SourceConnectorFactory> sources() {
		return List.copyOf(sources.values());
	}

	private static <F extends ConnectorFactory> void register(Map<String, F> byKind, F factory) {
		if (byKind.putIfAbsent(factory.kind(), factory) != null) {
			throw new IllegalStateException("Two connectors of kind " + factory.kind());
		}
	}

}
