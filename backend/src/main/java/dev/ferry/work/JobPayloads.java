package dev.ferry.work;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Converts {@link JobRequest}s to and from a job's payload of strings. */
final class JobPayloads {

	// an absent flag is false and an unknown key (from an older version) is ignored
	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
	};

	private JobPayloads() {
	}

	static Map<String, String> write(JobRequest request) {
		Map<String, String> payload = new LinkedHashMap<>();
		JSON.convertValue(request, FIELDS).forEach((name, value) -> {
			if (value != null && !Boolean.FALSE.equals(value)) {
				payload.put(name, String.valueOf(value));
			}
		});
		return payload;
	}

	static <R extends JobRequest> R read(Map<String, String> payload, Class<R> type) {
		return JSON.convertValue(payload == null ? Map.of() : payload, type);
	}

}
