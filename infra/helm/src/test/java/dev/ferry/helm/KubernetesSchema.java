package dev.ferry.helm;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kubernetes API's object schemas, as the fabric8 Kubernetes model (generated from
 * the Kubernetes OpenAPI specification) types them. A rendered object is read into the
 * class its {@code apiVersion} and {@code kind} name, and rejected when:
 * <ul>
 * <li>no class has that {@code apiVersion}/{@code kind} (a misspelt kind, a removed or
 * beta API version);</li>
 * <li>a field does not exist where it is written (the model keeps such fields in
 * {@code additionalProperties}, which the API server would drop or refuse; e.g.
 * {@code replica:} for {@code replicas:}, a probe one level too deep);</li>
 * <li>a value has the wrong type (a string where the schema has an integer: no coercion
 * of scalars).</li>
 * </ul>
 * What the typed model does not know, the schema's {@code required} lists and value
 * formats, {@link ChartRules} checks for the fields Ferry's chart sets.
 */
final class KubernetesSchema {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
		.build();

	/** {@code apiVersion/kind} to its model class, from the model jars' service files. */
	private static final Map<String, Class<? extends HasMetadata>> TYPES = types();

	private KubernetesSchema() {
	}

	/**
	 * The object as its typed model.
	 * @throws AssertionError naming the object and every field that breaks the schema
	 */
	static HasMetadata read(Map<?, ?> object) {
		String apiVersion = String.valueOf(object.get("apiVersion"));
		String kind = String.valueOf(object.get("kind"));
		String name = object.get("metadata") instanceof Map<?, ?> metadata ? String.valueOf(metadata.get("name"))
				: "(no metadata)";
		String what = kind + " " + name + " (" + apiVersion + ")";
		Class<? extends HasMetadata> type = TYPES.get(apiVersion + "/" + kind);
		if (type == null) {
			throw new AssertionError(what + ": no such apiVersion and kind in the Kubernetes API");
		}
		HasMetadata typed;
		try {
			typed = MAPPER.convertValue(object, type);
		}
		catch (JacksonException ex) {
			throw new AssertionError(what + ": does not match its schema: " + ex.getOriginalMessage(), ex);
		}
		List<String> unknown = new ArrayList<>();
		unknownFields(typed, kind, unknown);
		if (!unknown.isEmpty()) {
			throw new AssertionError(what + ": fields the schema does not have: " + unknown);
		}
		return typed;
	}

	private static Map<String, Class<? extends HasMetadata>> types() {
		Map<String, Class<? extends HasMetadata>> types = new HashMap<>();
		ServiceLoader.load(KubernetesResource.class).stream().forEach(provider -> {
			Class<? extends KubernetesResource> type = provider.type();
			if (HasMetadata.class.isAssignableFrom(type)) {
				Class<? extends HasMetadata> resource = type.asSubclass(HasMetadata.class);
				types.put(HasMetadata.getApiVersion(resource) + "/" + HasMetadata.getKind(resource), resource);
			}
		});
		if (types.isEmpty()) {
			throw new IllegalStateException("No Kubernetes model classes on the classpath");
		}
		return Map.copyOf(types);
	}

	/**
	 * Collects the path of every field that landed in a model object's
	 * {@code additionalProperties}: the model's classes accept any field there, so
	 * Jackson's own unknown-property check never fires.
	 */
	private static void unknownFields(Object value, String path, List<String> unknown) {
		if (value == null) {
			return;
		}
		if (value instanceof Collection<?> list) {
			int i = 0;
			for (Object item : list) {
				unknownFields(item, path + "[" + i++ + "]", unknown);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> unknownFields(item, path + "." + key, unknown));
			return;
		}
		if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes")) {
			return; // a string, number, boolean
		}
		for (Method getter : value.getClass().getMethods()) {
			if (Modifier.isStatic(getter.getModifiers()) || getter.getParameterCount() > 0
					|| getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
				continue;
			}
			Object field = invoke(getter, value);
			if (getter.getName().equals("getAdditionalProperties")) {
				if (field instanceof Map<?, ?> extra) {
					extra.keySet().forEach(key -> unknown.add(path + "." + key));
				}
				continue;
			}
			String name = getter.getName().substring(3);
			unknownFields(field, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), unknown);
		}
	}

	private static Object invoke(Method getter, Object target) {
		try {
			return getter.invoke(target);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			// a computed getter (e.g. a Quantity's amount in bytes) that does not apply
			return null;
		}
	}

}
