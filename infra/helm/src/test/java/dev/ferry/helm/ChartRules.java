package dev.ferry.helm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * What the Kubernetes schemas cannot say and Ferry relies on: every rendered object
 * checked against the others and against how Ferry runs (one image, {@code FERRY_ROLES}
 * per Deployment, Actuator probes on the HTTP port, a read-only root filesystem). Each
 * rule returns what breaks it, so a test can show a rule fails on a broken chart.
 */
final class ChartRules {

	/** The roles of {@code ferry.roles}: each is one Deployment. */
	static final Set<String> ROLES = Set.of("web", "worker", "scheduler");

	/** RFC 1123 subdomain: most object names. */
	private static final Pattern DNS_SUBDOMAIN = Pattern
		.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

	/** RFC 1035 label: Service names (they become DNS names), port names. */
	private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

	private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

	private static final Pattern LABEL_NAME = Pattern.compile(
			"([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

	/** Environment variable names the kubelet accepts everywhere (C identifiers). */
	private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private final RenderedChart chart;

	/** Secrets the chart expects to exist without rendering them (existingSecret). */
	private final Set<String> externalSecrets;

	private final List<String> violations = new ArrayList<>();

	private ChartRules(RenderedChart chart, Set<String> externalSecrets) {
		this.chart = chart;
		this.externalSecrets = externalSecrets;
	}

	/** Every rule's violations; empty when the chart keeps them all. */
	static List<String> check(RenderedChart chart, Set<String> externalSecrets) {
		ChartRules rules = new ChartRules(chart, externalSecrets);
		rules.names();
		rules.deployments();
		rules.services();
		rules.ingresses();
		rules.autoscalers();
		rules.disruptionBudgets();
		rules.networkPolicies();
		return List.copyOf(rules.violations);
	}

	private void fail(HasMetadata object, String message) {
		violations.add(object.getKind() + " " + object.getMetadata().getName() + ": " + message);
	}

	private void names() {
		Set<String> seen = new HashSet<>();
		for (HasMetadata object : chart.objects()) {
			String name = object.getMetadata().getName();
			if (name == null || name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
				fail(object, "name is not a DNS subdomain");
				continue;
			}
			if (object instanceof Service && (name.length() > 63 || !DNS_LABEL.matcher(name).matches())) {
				fail(object, "a Service's name must be a DNS label (63 characters at most)");
			}
			if (object instanceof Deployment && name.length() > 52) {
				// pod names add a ReplicaSet hash and a suffix (11 characters) to it
				fail(object, "a Deployment's name longer than 52 characters makes pod names too long");
			}
			if (!seen.add(object.getKind() + "/" + name)) {
				fail(object, "rendered twice");
			}
			labels(object, "metadata.labels", object.getMetadata().getLabels());
		}
	}

	private void labels(HasMetadata object, String where, Map<String, String> labels) {
		if (labels == null) {
			return;
		}
		labels.forEach((key, value) -> {
			if (!LABEL_NAME.matcher(key).matches()) {
				fail(object, where + ": invalid label name " + key);
			}
			if (value == null || value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
				fail(object, where + ": invalid value of label " + key + ": " + value);
			}
		});
	}

	private void deployments() {
		Set<String> roles = new HashSet<>();
		for (Deployment deployment : chart.all(Deployment.class)) {
			var spec = deployment.getSpec();
			var podLabels = spec.getTemplate().getMetadata().getLabels();
			labels(deployment, "pod labels", podLabels);
			if (!selects(spec.getSelector(), podLabels)) {
				fail(deployment, "its selector does not match its pod labels");
			}
			PodSpec pod = spec.getTemplate().getSpec();
			podSecurity(deployment, pod.getSecurityContext());
			if (Boolean.TRUE.equals(pod.getAutomountServiceAccountToken())) {
				fail(deployment, "mounts a service account token Ferry never uses");
			}
			if (pod.getContainers().size() != 1) {
				fail(deployment, "expected one container, found " + pod.getContainers().size());
				continue;
			}
			Container container = pod.getContainers().get(0);
			required(deployment, "container name", container.getName());
			required(deployment, "container image", container.getImage());
			String role = env(container, "FERRY_ROLES");
			if (role == null || !ROLES.contains(role)) {
				fail(deployment, "FERRY_ROLES is not one of " + ROLES + ": " + role);
			}
			else if (!roles.add(role)) {
				fail(deployment, "a second Deployment for the role " + role);
			}
			containerSecurity(deployment, container.getSecurityContext());
			resources(deployment, container.getResources());
			probes(deployment, container);
			volumes(deployment, pod, container);
			envSources(deployment, container);
		}
		if (!roles.equals(ROLES)) {
			violations.add("Deployments: the roles " + ROLES + " need one Deployment each, found " + roles);
		}
	}

	private void required(HasMetadata object, String what, String value) {
		if (value == null || value.isBlank()) {
			fail(object, what + " is required");
		}
	}

	private static String env(Container container, String name) {
		return container.getEnv()
			.stream()
			.filter(variable -> variable.getName().equals(name))
			.map(EnvVar::getValue)
			.findFirst()
			.orElse(null);
	}

	private void podSecurity(Deployment deployment, PodSecurityContext security) {
		if (security == null || !Boolean.TRUE.equals(security.getRunAsNonRoot())) {
			fail(deployment, "the pod does not set runAsNonRoot");
		}
		if (security != null && security.getRunAsUser() != null && security.getRunAsUser() == 0) {
			fail(deployment, "the pod runs as uid 0");
		}
		if (security == null || security.getRunAsUser() == null) {
			// the image's user is a name, which the kubelet cannot prove non-root
			fail(deployment, "the pod sets no numeric runAsUser, so runAsNonRoot cannot be verified");
		}
		if (security == null || security.getSeccompProfile() == null
				|| !"RuntimeDefault".equals(security.getSeccompProfile().getType())) {
			fail(deployment, "the pod's seccomp profile is not RuntimeDefault");
		}
	}

	private void containerSecurity(Deployment deployment, SecurityContext security) {
		if (security == null) {
			fail(deployment, "the container has no securityContext");
			return;
		}
		if (!Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
			fail(deployment, "the container's root filesystem is writable");
		}
		if (!Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
			fail(deployment, "the container allows privilege escalation");
		}
		if (Boolean.TRUE.equals(security.getPrivileged())) {
			fail(deployment, "the container is privileged");
		}
		if (security.getCapabilities() == null || security.getCapabilities().getDrop() == null
				|| !security.getCapabilities().getDrop().contains("ALL")) {
			fail(deployment, "the container does not drop ALL capabilities");
		}
		if (security.getCapabilities() != null && security.getCapabilities().getAdd() != null
				&& !security.getCapabilities().getAdd().isEmpty()) {
			fail(deployment, "the container adds capabilities " + security.getCapabilities().getAdd());
		}
	}

	private void resources(Deployment deployment, ResourceRequirements resources) {
		if (resources == null) {
			fail(deployment, "no resources");
			return;
		}
		for (String resource : List.of("cpu", "memory")) {
			Quantity request = resources.getRequests() == null ? null : resources.getRequests().get(resource);
			Quantity limit = resources.getLimits() == null ? null : resources.getLimits().get(resource);
			if (request == null) {
				fail(deployment, "no " + resource + " request");
			}
			if (limit == null) {
				fail(deployment, "no " + resource + " limit");
			}
			if (request != null && limit != null) {
				try {
					if (request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
						fail(deployment, resource + " request " + request + " above its limit " + limit);
					}
				}
				catch (IllegalArgumentException ex) {
					fail(deployment, resource + " is not a quantity: " + request + " / " + limit);
				}
			}
		}
	}

	private void probes(Deployment deployment, Container container) {
		Set<String> ports = new HashSet<>();
		Set<Integer> numbers = new HashSet<>();
		for (ContainerPort port : container.getPorts()) {
			numbers.add(port.getContainerPort());
			if (port.getName() != null) {
				ports.add(port.getName());
				if (port.getName().length() > 15 || !DNS_LABEL.matcher(port.getName()).matches()) {
					fail(deployment, "invalid port name " + port.getName());
				}
			}
		}
		String serverPort = env(container, "FERRY_PORT");
		Map<String, Probe> probes = new java.util.LinkedHashMap<>();
		probes.put("liveness", container.getLivenessProbe());
		probes.put("readiness", container.getReadinessProbe());
		probes.put("startup", container.getStartupProbe());
		probes.forEach((kind, probe) -> {
			if (probe == null || probe.getHttpGet() == null) {
				fail(deployment, "no HTTP " + kind + " probe");
				return;
			}
			HTTPGetAction get = probe.getHttpGet();
			// the probe groups Actuator serves anonymously (application.yml,
			// ManagementSecurityConfig)
			String expected = kind.equals("readiness") ? "/actuator/health/readiness" : "/actuator/health/liveness";
			if (!expected.equals(get.getPath())) {
				fail(deployment, kind + " probe asks " + get.getPath() + ", not " + expected);
			}
			if (!portExists(get.getPort(), ports, numbers)) {
				fail(deployment, kind + " probe's port " + get.getPort() + " is not a container port");
			}
		});
		if (serverPort != null && !numbers.contains(Integer.parseInt(serverPort))) {
			fail(deployment, "Ferry listens on " + serverPort + ", which is no container port");
		}
	}

	private static boolean portExists(IntOrString port, Set<String> names, Set<Integer> numbers) {
		if (port == null) {
			return false;
		}
		return port.getStrVal() != null ? names.contains(port.getStrVal()) : numbers.contains(port.getIntVal());
	}

	private void volumes(Deployment deployment, PodSpec pod, Container container) {
		Map<String, Volume> volumes = new java.util.HashMap<>();
		pod.getVolumes().forEach(volume -> volumes.put(volume.getName(), volume));
		for (VolumeMount mount : container.getVolumeMounts()) {
			if (!volumes.containsKey(mount.getName())) {
				fail(deployment, "mounts " + mount.getName() + ", which is no volume");
			}
			Volume volume = volumes.get(mount.getName());
			if (volume != null && volume.getSecret() != null && !secretExists(volume.getSecret().getSecretName())) {
				fail(deployment, "mounts the Secret " + volume.getSecret().getSecretName() + ", which is not rendered");
			}
		}
		boolean tmp = container.getVolumeMounts()
			.stream()
			.anyMatch(mount -> mount.getMountPath().equals("/tmp") && volumes.containsKey(mount.getName())
					&& volumes.get(mount.getName()).getEmptyDir() != null);
		if (!tmp) {
			fail(deployment, "no emptyDir at /tmp (Tomcat and the JVM write there; the root is read-only)");
		}
	}

	private void envSources(Deployment deployment, Container container) {
		for (EnvVar variable : container.getEnv()) {
			if (!ENV_NAME.matcher(variable.getName()).matches()) {
				fail(deployment, "invalid environment variable name " + variable.getName());
			}
		}
		for (EnvFromSource source : container.getEnvFrom()) {
			if (source.getConfigMapRef() != null
					&& chart.find(ConfigMap.class, source.getConfigMapRef().getName()).isEmpty()) {
				fail(deployment, "reads the ConfigMap " + source.getConfigMapRef().getName() + ", not rendered");
			}
			if (source.getSecretRef() != null && !secretExists(source.getSecretRef().getName())) {
				fail(deployment, "reads the Secret " + source.getSecretRef().getName() + ", not rendered");
			}
		}
		// every key a ConfigMap or Secret read by envFrom holds becomes a variable
		for (EnvFromSource source : container.getEnvFrom()) {
			Stream<String> keys = Stream.empty();
			if (source.getConfigMapRef() != null) {
				keys = chart.find(ConfigMap.class, source.getConfigMapRef().getName())
					.map(map -> map.getData().keySet().stream())
					.orElse(Stream.empty());
			}
			else if (source.getSecretRef() != null) {
				keys = chart.find(Secret.class, source.getSecretRef().getName())
					.map(secret -> Stream.concat(
							secret.getStringData() == null ? Stream.empty() : secret.getStringData().keySet().stream(),
							secret.getData() == null ? Stream.empty() : secret.getData().keySet().stream()))
					.orElse(Stream.empty());
			}
			keys.filter(key -> !ENV_NAME.matcher(key).matches())
				.forEach(key -> fail(deployment, "envFrom brings a key that is no variable name: " + key));
		}
	}

	private boolean secretExists(String name) {
		return externalSecrets.contains(name) || chart.find(Secret.class, name).isPresent();
	}

	/** The Deployments whose pods a selector picks. */
	private List<Deployment> selected(Map<String, String> selector) {
		if (selector == null || selector.isEmpty()) {
			return List.of();
		}
		return chart.all(Deployment.class)
			.stream()
			.filter(deployment -> selects(selector, deployment.getSpec().getTemplate().getMetadata().getLabels()))
			.toList();
	}

	private static boolean selects(LabelSelector selector, Map<String, String> labels) {
		if (selector == null) {
			return false;
		}
		if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
			throw new IllegalStateException("matchExpressions are not evaluated by these rules");
		}
		return selects(selector.getMatchLabels(), labels);
	}

	private static boolean selects(Map<String, String> matchLabels, Map<String, String> labels) {
		return matchLabels != null && !matchLabels.isEmpty() && labels != null
				&& matchLabels.entrySet()
					.stream()
					.allMatch(entry -> Objects.equals(labels.get(entry.getKey()), entry.getValue()));
	}

	private void services() {
		for (Service service : chart.all(Service.class)) {
			List<Deployment> targets = selected(service.getSpec().getSelector());
			if (targets.isEmpty()) {
				fail(service, "selects no pods");
			}
			for (ServicePort port : service.getSpec().getPorts()) {
				for (Deployment target : targets) {
					Container container = target.getSpec().getTemplate().getSpec().getContainers().get(0);
					Set<String> names = new HashSet<>();
					Set<Integer> numbers = new HashSet<>();
					container.getPorts().forEach(p -> {
						numbers.add(p.getContainerPort());
						if (p.getName() != null) {
							names.add(p.getName());
						}
					});
					IntOrString targetPort = port.getTargetPort() != null ? port.getTargetPort()
							: new IntOrString(port.getPort());
					if (!portExists(targetPort, names, numbers)) {
						fail(service, "targetPort " + targetPort + " is no port of " + target.getMetadata().getName());
					}
				}
			}
		}
	}

	private void ingresses() {
		for (Ingress ingress : chart.all(Ingress.class)) {
			Set<String> hosts = new HashSet<>();
			for (var rule : ingress.getSpec().getRules()) {
				hosts.add(rule.getHost());
				for (HTTPIngressPath path : rule.getHttp().getPaths()) {
					required(ingress, "pathType", path.getPathType());
					var backend = path.getBackend().getService();
					Service service = chart.find(Service.class, backend.getName()).orElse(null);
					if (service == null) {
						fail(ingress, "routes to the Service " + backend.getName() + ", which is not rendered");
						continue;
					}
					boolean port = service.getSpec()
						.getPorts()
						.stream()
						.anyMatch(p -> backend.getPort().getName() != null
								? backend.getPort().getName().equals(p.getName())
								: backend.getPort().getNumber().equals(p.getPort()));
					if (!port) {
						fail(ingress, "routes to a port the Service " + backend.getName() + " does not have");
					}
					if (selected(service.getSpec().getSelector()).stream()
						.noneMatch(d -> "web"
							.equals(env(d.getSpec().getTemplate().getSpec().getContainers().get(0), "FERRY_ROLES")))) {
						fail(ingress, "routes to pods that do not run the web role");
					}
				}
			}
			for (var tls : ingress.getSpec().getTls()) {
				required(ingress, "tls secretName", tls.getSecretName());
				tls.getHosts()
					.stream()
					.filter(host -> !hosts.contains(host))
					.forEach(host -> fail(ingress, "TLS for " + host + ", which no rule serves"));
			}
		}
	}

	private void autoscalers() {
		for (HorizontalPodAutoscaler hpa : chart.all(HorizontalPodAutoscaler.class)) {
			var target = hpa.getSpec().getScaleTargetRef();
			Deployment deployment = "Deployment".equals(target.getKind()) && "apps/v1".equals(target.getApiVersion())
					? chart.find(Deployment.class, target.getName()).orElse(null) : null;
			if (deployment == null) {
				fail(hpa,
						"scales " + target.getKind() + " " + target.getName() + ", which is not a rendered Deployment");
				continue;
			}
			Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
			if (!"worker".equals(env(container, "FERRY_ROLES"))) {
				fail(hpa, "scales a Deployment that is not the workers");
			}
			if (deployment.getSpec().getReplicas() != null) {
				// each upgrade would reset the replicas the autoscaler chose
				fail(hpa, "its Deployment also sets replicas");
			}
			if (hpa.getSpec().getMinReplicas() == null || hpa.getSpec().getMinReplicas() < 1
					|| hpa.getSpec().getMinReplicas() > hpa.getSpec().getMaxReplicas()) {
				fail(hpa, "minReplicas must be between 1 and maxReplicas");
			}
			boolean cpuUtilisation = hpa.getSpec()
				.getMetrics()
				.stream()
				.anyMatch(metric -> metric.getResource() != null && "cpu".equals(metric.getResource().getName())
						&& "Utilization".equals(metric.getResource().getTarget().getType()));
			if (cpuUtilisation && (container.getResources().getRequests() == null
					|| container.getResources().getRequests().get("cpu") == null)) {
				fail(hpa, "CPU utilisation needs a CPU request on its pods");
			}
		}
	}

	private void disruptionBudgets() {
		for (PodDisruptionBudget pdb : chart.all(PodDisruptionBudget.class)) {
			List<Deployment> targets = selected(pdb.getSpec().getSelector().getMatchLabels());
			if (targets.size() != 1) {
				fail(pdb, "selects the pods of " + targets.size() + " Deployments, not one");
			}
			if (pdb.getSpec().getMinAvailable() != null && pdb.getSpec().getMaxUnavailable() != null) {
				fail(pdb, "sets both minAvailable and maxUnavailable");
			}
			IntOrString maxUnavailable = pdb.getSpec().getMaxUnavailable();
			if (maxUnavailable != null && maxUnavailable.getIntVal() != null && maxUnavailable.getIntVal() < 1) {
				fail(pdb, "maxUnavailable below 1 blocks every node drain");
			}
		}
	}

	private void networkPolicies() {
		List<NetworkPolicy> policies = chart.all(NetworkPolicy.class);
		if (policies.isEmpty()) {
			return;
		}
		for (NetworkPolicy policy : policies) {
			if (selected(policy.getSpec().getPodSelector().getMatchLabels()).isEmpty()) {
				fail(policy, "selects no Ferry pods");
			}
		}
		for (Deployment deployment : chart.all(Deployment.class)) {
			Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
			List<NetworkPolicy> applying = policies.stream()
				.filter(policy -> selects(policy.getSpec().getPodSelector(), labels))
				.toList();
			if (applying.isEmpty()) {
				continue;
			}
			List<NetworkPolicyEgressRule> egress = applying.stream()
				.filter(policy -> policy.getSpec().getPolicyTypes().contains("Egress"))
				.flatMap(policy -> policy.getSpec().getEgress().stream())
				.toList();
			// PostgreSQL, Redis, DNS and HTTPS (Okta, ShareFile, identity providers)
			for (int port : List.of(5432, 6379, 53, 443)) {
				boolean open = egress.stream()
					.anyMatch(rule -> rule.getPorts().stream().anyMatch(p -> isPort(p, port)));
				if (!open) {
					fail(deployment, "its NetworkPolicies allow no egress to port " + port);
				}
			}
			Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
			boolean ingressOpen = applying.stream()
				.filter(policy -> policy.getSpec().getPolicyTypes().contains("Ingress"))
				.flatMap(policy -> policy.getSpec().getIngress().stream())
				.anyMatch(rule -> !rule.getFrom().isEmpty() && rule.getPorts().stream().anyMatch(p -> isPort(p, 8080)));
			if ("web".equals(env(container, "FERRY_ROLES")) && !ingressOpen) {
				fail(deployment, "its NetworkPolicies let nobody reach the web port");
			}
		}
	}

	private static boolean isPort(NetworkPolicyPort port, int number) {
		IntOrString value = port.getPort();
		if (value == null) {
			return true; // every port
		}
		// named ports: Ferry's one container port is "http", 8080
		return value.getIntVal() != null ? value.getIntVal() == number
				: "http".equals(value.getStrVal()) && number == 8080;
	}

}
