package dev.ferry.sandbox.core;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The control API shared by every org and account: fault injection, the request log, and
 * reset to the demo-world seed. Each stand-in adds its own control endpoints (people,
 * users, groups) under {@code /sandbox/api/okta/{org}/...} and
 * {@code /sandbox/api/sharefile/{sub}/...}.
 */
@RestController
@RequestMapping("/sandbox/api")
class ControlApiController {

	private final Faults faults;

	private final RequestLog requestLog;

	private final List<TargetDirectory> directories;

	private final List<Resettable> resettables;

	private final Clock clock;

	ControlApiController(Faults faults, RequestLog requestLog, List<TargetDirectory> directories,
			List<Resettable> resettables, Clock clock) {
		this.faults = faults;
		this.requestLog = requestLog;
		this.directories = directories;
		this.resettables = resettables;
		this.clock = clock;
	}

	@GetMapping("/targets")
	Map<String, List<String>> targets() {
		Map<String, List<String>> result = new LinkedHashMap<>();
		for (TargetDirectory directory : directories) {
			result.put(directory.kind().pathSegment(), new ArrayList<>(directory.names()));
		}
		return result;
	}

	@GetMapping("/{kind}/{name}/faults")
	FaultSettings faults(@PathVariable String kind, @PathVariable String name) {
		return faults.get(target(kind, name));
	}

	/**
	 * Sets the faults of one org or account. {@code outageSeconds} starts an outage of
	 * that length from now; omitted fields mean "no such fault".
	 */
	@PutMapping("/{kind}/{name}/faults")
	FaultSettings setFaults(@PathVariable String kind, @PathVariable String name, @RequestBody FaultRequest request) {
		TargetId target = target(kind, name);
		Instant outageUntil = request.outageSeconds() == null || request.outageSeconds() <= 0 ? null
				: clock.instant().plusSeconds(request.outageSeconds());
		FaultSettings settings = new FaultSettings(orZero(request.latencyMillis()), orZero(request.jitterMillis()),
				request.errorRate() == null ? 0 : request.errorRate(),
				request.throttlePerMinute() == null ? 0 : request.throttlePerMinute(), outageUntil,
				Boolean.TRUE.equals(request.writesOnly()));
		faults.set(target, settings);
		return settings;
	}

	@DeleteMapping("/{kind}/{name}/faults")
	ResponseEntity<Void> clearFaults(@PathVariable String kind, @PathVariable String name) {
		faults.set(target(kind, name), FaultSettings.NONE);
		return ResponseEntity.noContent().build();
	}

	/**
	 * The requests one org or account received after sequence number {@code after}
	 * (default: all kept).
	 */
	@GetMapping("/{kind}/{name}/requests")
	List<RecordedRequest> requests(@PathVariable String kind, @PathVariable String name,
			@RequestParam(defaultValue = "0") long after) {
		return requestLog.after(target(kind, name), after);
	}

	@DeleteMapping("/{kind}/{name}/requests")
	ResponseEntity<Void> clearRequests(@PathVariable String kind, @PathVariable String name) {
		requestLog.clear(target(kind, name));
		return ResponseEntity.noContent().build();
	}

	/**
	 * The sequence number of the last request received anywhere: a mark to read
	 * "everything after" from.
	 */
	@GetMapping("/requests/mark")
	Map<String, Long> mark() {
		return Map.of("sequence", requestLog.lastSequence());
	}

	/**
	 * Back to the demo world: every org and account reseeded, faults and request logs
	 * cleared.
	 */
	@PostMapping("/reset")
	ResponseEntity<Void> reset() {
		resettables.forEach(Resettable::resetToSeed);
		faults.clearAll();
		requestLog.clearAll();
		return ResponseEntity.noContent().build();
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException ex) {
		return ResponseEntity.badRequest().body(Map.of("error", ex.getMessage()));
	}

	private TargetId target(String kind, String name) {
		TargetKind targetKind = TargetKind.fromPathSegment(kind);
		boolean known = directories.stream()
			.anyMatch(directory -> directory.kind() == targetKind && directory.exists(name));
		if (!known) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No " + kind + " target named " + name);
		}
		return new TargetId(targetKind, name);
	}

	private static long orZero(Long value) {
		return value == null ? 0 : value;
	}

	record FaultRequest(Long latencyMillis, Long jitterMillis, Double errorRate, Integer throttlePerMinute,
			Long outageSeconds, Boolean writesOnly) {
	}

}
