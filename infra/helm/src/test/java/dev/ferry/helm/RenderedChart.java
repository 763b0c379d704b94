package dev.ferry.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The chart rendered by Helm's own template engine (helm-java runs Helm's Go code through
 * a native library shipped in its Maven artifacts, so no helm binary and no cluster are
 * needed), each object read into its typed Kubernetes model ({@link KubernetesSchema}).
 *
 * @param yaml what {@code helm template} printed
 * @param objects every rendered object, typed
 */
record RenderedChart(String yaml, List<HasMetadata> objects) {

	/** The chart under test: {@code infra/helm/ferry}, this module's {@code ferry/}. */
	static final Path CHART = Path.of("ferry").toAbsolutePath();

	static final String RELEASE = "ferry";

	static final String NAMESPACE = "ferry";

	/**
	 * Renders the chart as {@code helm template} does, with the chart's values.yaml and
	 * then each of {@code valuesFiles} on top.
	 */
	static RenderedChart render(Path... valuesFiles) {
		TemplateCommand template = new Helm(CHART).template()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			// the oldest Kubernetes the chart declares (Chart.yaml's kubeVersion)
			.withKubeVersion("1.27.0");
		for (Path file : valuesFiles) {
			if (!Files.isRegularFile(file)) {
				throw new IllegalArgumentException("No values file " + file);
			}
			template = template.withValuesFile(file.toAbsolutePath());
		}
		String yaml = template.call();
		keep(yaml, valuesFiles);
		return parse(yaml);
	}

	/**
	 * Leaves what was rendered in {@code target/rendered/} for a reader to see what the
	 * checks saw.
	 */
	private static void keep(String yaml, Path... valuesFiles) {
		String name = valuesFiles.length == 0 ? "values"
				: valuesFiles[valuesFiles.length - 1].getFileName().toString().replace(".yaml", "");
		try {
			Path directory = Files.createDirectories(Path.of("target", "rendered"));
			Files.writeString(directory.resolve(name + ".yaml"), yaml);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Reads rendered YAML (several documents) into typed, strictly checked objects. */
	static RenderedChart parse(String yaml) {
		Yaml loader = new Yaml(new SafeConstructor(new LoaderOptions()));
		List<HasMetadata> objects = new ArrayList<>();
		for (Object document : loader.loadAll(yaml)) {
			if (document == null) {
				continue; // a template that rendered nothing
			}
			if (!(document instanceof Map<?, ?> map)) {
				throw new AssertionError("A rendered document is not an object: " + document);
			}
			objects.add(KubernetesSchema.read(map));
		}
		return new RenderedChart(yaml, List.copyOf(objects));
	}

	<T extends HasMetadata> List<T> all(Class<T> type) {
		return objects.stream().filter(type::isInstance).map(type::cast).toList();
	}

	<T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
		return all(type).stream().filter(object -> object.getMetadata().getName().equals(name)).findFirst();
	}

	<T extends HasMetadata> T get(Class<T> type, String name) {
		return find(type, name)
			.orElseThrow(() -> new AssertionError("No " + type.getSimpleName() + " named " + name + " rendered"));
	}

}
