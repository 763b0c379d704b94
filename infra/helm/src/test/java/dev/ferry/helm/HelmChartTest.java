package dev.ferry.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart {@code infra/helm/ferry}, rendered by Helm's engine with the default
 * values, the production values and a file that switches on every option, and each
 * rendered object checked against the Kubernetes API's schemas ({@link KubernetesSchema})
 * and against the rules Ferry relies on ({@link ChartRules}). No cluster: what only a
 * cluster can tell (admission webhooks, the CNI's NetworkPolicy behaviour, a real
 * rollout) is beyond it (docs/operations-kubernetes.md, "What the validation proves").
 */
class HelmChartTest {

	private static final Path PRODUCTION = RenderedChart.CHART.resolve("values-production.yaml");

	private static final Path EVERY_OPTION = Path.of("src/test/resources/values-every-option.yaml");

	/** Ferry's own configuration: the variables it reads by name. */
	private static final Path APPLICATION_YML = Path.of("../../backend/src/main/resources/application.yml");

	private static final Path MAIN_JAVA = Path.of("../../backend/src/main/java/dev/ferry");

	@Test
	void lintFindsNothingEvenStrictly() {
		LintResult lint = new Helm(RenderedChart.CHART).lint().strict().call();
		assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
		assertThat(lint.getMessages())
			.noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
	}

	@Test
	void defaultValuesRenderValidObjects() {
		RenderedChart chart = RenderedChart.render();
		assertThat(ChartRules.check(chart, Set.of())).isEmpty();
		assertThat(inventory(chart)).containsExactlyInAnyOrder("ConfigMap ferry-config", "Secret ferry-secrets",
				"ServiceAccount ferry", "Deployment ferry-web", "Deployment ferry-worker", "Deployment ferry-scheduler",
				"Service ferry-web", "Service ferry-metrics", "Ingress ferry", "HorizontalPodAutoscaler ferry-worker",
				"PodDisruptionBudget ferry-web", "PodDisruptionBudget ferry-worker",
				"PodDisruptionBudget ferry-scheduler", "NetworkPolicy ferry", "NetworkPolicy ferry-web");
		// every PostgreSQL session with TCP keepalives, so a vanished node's scheduler
		// lock is freed within about 20 s (pgjdbc decodes the parameter)
		assertThat(chart.get(ConfigMap.class, "ferry-config").getData()).containsEntry("FERRY_DB_URL",
				"jdbc:postgresql://postgresql:5432/ferry?options=-c+tcp_keepalives_idle%3D5+-c+tcp_keepalives_interval%3D5"
						+ "+-c+tcp_keepalives_count%3D3+-c+tcp_user_timeout%3D20000");
		// the scheduler's standby: two processes, one acting per tick
		assertThat(chart.get(Deployment.class, "ferry-scheduler").getSpec().getReplicas()).isEqualTo(2);
		// CPU by default; queue depth is an option (it needs a metrics adapter)
		assertThat(chart.get(HorizontalPodAutoscaler.class, "ferry-worker").getSpec().getMetrics())
			.extracting(MetricSpec::getType)
			.containsExactly("Resource");
	}

	@Test
	void productionValuesRenderValidObjects() {
		RenderedChart chart = RenderedChart.render(PRODUCTION);
		// the credentials live in a Secret managed outside the chart
		assertThat(ChartRules.check(chart, Set.of("ferry-credentials"))).isEmpty();
		assertThat(chart.all(Secret.class)).isEmpty();
		assertThat(envFromSecret(chart.get(Deployment.class, "ferry-worker"))).isEqualTo("ferry-credentials");
		assertThat(chart.get(Deployment.class, "ferry-web").getSpec().getReplicas()).isEqualTo(3);
		assertThat(chart.get(ConfigMap.class, "ferry-config").getData().get("FERRY_DB_URL"))
			.startsWith("jdbc:postgresql://ferry-db.example.internal:5432/ferry?sslmode=verify-full&options=-c+");
		assertThat(chart.get(Deployment.class, "ferry-scheduler").getSpec().getReplicas()).isEqualTo(2);
		HorizontalPodAutoscaler hpa = chart.get(HorizontalPodAutoscaler.class, "ferry-worker");
		assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
		assertThat(hpa.getSpec().getMetrics()).anySatisfy(metric -> {
			assertThat(metric.getType()).isEqualTo("External");
			assertThat(metric.getExternal().getMetric().getName()).isEqualTo("ferry_work_pending");
			assertThat(metric.getExternal().getTarget().getAverageValue().toString()).isEqualTo("100");
		});
		Ingress ingress = chart.get(Ingress.class, "ferry");
		assertThat(ingress.getSpec().getTls()).singleElement()
			.satisfies(tls -> assertThat(tls.getHosts()).containsExactly("ferry.example.com"));
		assertThat(chart.all(PodDisruptionBudget.class)).hasSize(3);
		// Prometheus may scrape every pod; only the ingress controller reaches the portal
		assertThat(chart.get(NetworkPolicy.class, "ferry").getSpec().getIngress()).singleElement()
			.satisfies(rule -> assertThat(rule.getFrom()).singleElement()
				.satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
					.containsEntry("kubernetes.io/metadata.name", "monitoring")));
	}

	@Test
	void everyOptionRendersValidObjects() {
		RenderedChart chart = RenderedChart.render(EVERY_OPTION);
		assertThat(ChartRules.check(chart, Set.of())).isEmpty();
		assertThat(inventory(chart))
			.contains("Secret ferry-all-application-yaml", "HorizontalPodAutoscaler ferry-all-worker")
			.doesNotContain("ServiceAccount ferry-all", "Service ferry-all-metrics",
					"PodDisruptionBudget ferry-all-scheduler");
		Deployment web = chart.get(Deployment.class, "ferry-all-web");
		assertThat(env(web.getSpec().getTemplate().getSpec().getContainers().get(0)))
			.containsEntry("SPRING_CONFIG_ADDITIONAL_LOCATION", "optional:file:/etc/ferry/config/");
		assertThat(web.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("ferry-existing");
		assertThat(chart.get(HorizontalPodAutoscaler.class, "ferry-all-worker").getSpec().getMetrics())
			.extracting(MetricSpec::getType)
			.containsExactly("Resource", "External");
	}

	/**
	 * Each process's roles, and that every variable the chart sets by name is one Ferry
	 * reads: a misspelt {@code FERRY_DB_OWNER_PASSWORD} would only show as a failed
	 * migration in the cluster.
	 */
	@Test
	void everyVariableTheChartSetsIsOneFerryReads() throws IOException {
		String configuration = Files.readString(APPLICATION_YML);
		// variables the environment post-processors read by name (FERRY_REDIS_URL,
		// FERRY_LOG_FORMAT, ...), as string constants in the code
		String code;
		try (var sources = Files.walk(MAIN_JAVA)) {
			StringBuilder all = new StringBuilder();
			for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
				all.append(Files.readString(source));
			}
			code = all.toString();
		}
		RenderedChart chart = RenderedChart.render(EVERY_OPTION);
		Set<String> names = new TreeSet<>();
		chart.all(ConfigMap.class).forEach(map -> names.addAll(map.getData().keySet()));
		chart.all(Secret.class)
			.stream()
			.filter(secret -> !secret.getMetadata().getName().endsWith("-application-yaml"))
			.forEach(secret -> names.addAll(secret.getStringData().keySet()));
		for (Deployment deployment : chart.all(Deployment.class)) {
			names.addAll(env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0)).keySet());
		}
		// extraEnv is the operator's own (relaxed binding: FERRY_WORK_CONCURRENCY is
		// ferry.work.concurrency)
		names.remove("FERRY_WORK_CONCURRENCY");
		assertThat(names).contains("FERRY_SECRET_KEYS", "FERRY_DB_OWNER_USERNAME", "FERRY_ROLES", "FERRY_DB_URL");
		assertThat(names).allSatisfy(name -> assertThat(configuration.contains("${" + name + ":")
				|| configuration.contains("${" + name + "}") || code.contains("\"" + name + "\"")
				|| name.startsWith("SPRING_") || name.startsWith("LOGGING_") || name.equals("JAVA_TOOL_OPTIONS"))
			.as("%s is read by Ferry (application.yml or the code) or is a Spring/JVM variable", name)
			.isTrue());
		assertThat(chart.all(Deployment.class))
			.extracting(deployment -> env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0))
				.get("FERRY_ROLES"))
			.containsExactlyInAnyOrder("web", "worker", "scheduler");
	}

	@Test
	void theSchemaCheckRejectsMisspeltFieldsWrongTypesAndUnknownKinds() {
		String deployment = RenderedChart.render()
			.yaml()
			.lines()
			.dropWhile(line -> !line.equals("# Source: ferry/templates/deployment-web.yaml"))
			.skip(1)
			.takeWhile(line -> !line.equals("---"))
			.collect(Collectors.joining("\n"));
		assertThat(RenderedChart.parse(deployment).objects()).singleElement().isInstanceOf(Deployment.class);

		assertThatThrownBy(() -> RenderedChart.parse(deployment.replace("  replicas: 2", "  replica: 2")))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("Deployment ferry-web")
			.hasMessageContaining("Deployment.spec.replica");
		assertThatThrownBy(() -> RenderedChart.parse(deployment.replace("readOnlyRootFilesystem: true",
				"readOnlyRootFilesystem: true\n            readOnlyRootFileSystem: true")))
			.hasMessageContaining("securityContext.readOnlyRootFileSystem");
		assertThatThrownBy(
				() -> RenderedChart.parse(deployment.replace("containerPort: 8080", "containerPort: \"8080\"")))
			.hasMessageContaining("does not match its schema");
		assertThatThrownBy(
				() -> RenderedChart.parse(deployment.replace("apiVersion: apps/v1", "apiVersion: apps/v1beta1")))
			.hasMessageContaining("no such apiVersion and kind");
	}

	@Test
	void theRulesRejectAChartThatBreaksThem() {
		RenderedChart chart = RenderedChart.render(Path.of("src/test/resources/values-broken.yaml"));
		assertThat(ChartRules.check(chart, Set.of())).contains(
				"Deployment ferry-web: readiness probe asks /actuator/health, not /actuator/health/readiness",
				"Deployment ferry-web: the pod does not set runAsNonRoot",
				"Deployment ferry-web: the container's root filesystem is writable",
				"Deployment ferry-scheduler: no memory limit",
				"Deployment ferry-worker: its NetworkPolicies allow no egress to port 6379",
				"Deployment ferry-web: reads the Secret ferry-missing, not rendered");
	}

	private static List<String> inventory(RenderedChart chart) {
		return chart.objects().stream().map(o -> o.getKind() + " " + o.getMetadata().getName()).toList();
	}

	private static Map<String, String> env(Container container) {
		return container.getEnv()
			.stream()
			.collect(Collectors.toMap(EnvVar::getName, variable -> String.valueOf(variable.getValue())));
	}

	private static String envFromSecret(Deployment deployment) {
		return deployment.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.get(0)
			.getEnvFrom()
			.stream()
			.filter(source -> source.getSecretRef() != null)
			.map(source -> source.getSecretRef().getName())
			.findFirst()
			.orElseThrow();
	}

}
