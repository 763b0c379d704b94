package dev.ferry.sandbox.control;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.sandbox.core.FaultSettings;
import dev.ferry.sandbox.core.Faults;
import dev.ferry.sandbox.core.RecordedRequest;
import dev.ferry.sandbox.core.RequestLog;
import dev.ferry.sandbox.core.Resettable;
import dev.ferry.sandbox.core.TargetDirectory;
import dev.ferry.sandbox.core.TargetId;
import dev.ferry.sandbox.core.TargetKind;

/**
 * The sandbox's own page: every Okta org and ShareFile account with a link to its page,
 * its current faults and a form to change them, its last requests, and "Reset to seed".
 * Forms post here and redirect back (post/redirect/get).
 */
@Controller
class ControlPageController {

	static final int LAST_REQUESTS = 8;

	private final List<TargetDirectory> directories;

	private final List<Resettable> resettables;

	private final Faults faults;

	private final RequestLog requestLog;

	private final Clock clock;

	ControlPageController(List<TargetDirectory> directories, List<Resettable> resettables, Faults faults,
			RequestLog requestLog, Clock clock) {
		this.directories = directories;
		this.resettables = resettables;
		this.faults = faults;
		this.requestLog = requestLog;
		this.clock = clock;
	}

	@GetMapping("/sandbox")
	String page(Model model) {
		List<TargetRow> targets = new ArrayList<>();
		for (TargetKind kind : TargetKind.values()) {
			for (TargetDirectory directory : directories) {
				if (directory.kind() == kind) {
					for (String name : directory.names()) {
						TargetId id = new TargetId(kind, name);
						targets.add(new TargetRow(kind.pathSegment(), name, faults.get(id), outageSecondsLeft(id),
								requestLog.last(id, LAST_REQUESTS)));
					}
				}
			}
		}
		model.addAttribute("targets", targets);
		return "control/index";
	}

	@PostMapping("/sandbox/faults/{kind}/{name}")
	String setFaults(@PathVariable String kind, @PathVariable String name,
			@RequestParam(defaultValue = "0") long latencyMillis, @RequestParam(defaultValue = "0") long jitterMillis,
			@RequestParam(defaultValue = "0") double errorRate, @RequestParam(defaultValue = "0") int throttlePerMinute,
			@RequestParam(defaultValue = "0") long outageSeconds, RedirectAttributes redirect) {
		TargetId target = target(kind, name);
		try {
			Instant outageUntil = outageSeconds > 0 ? clock.instant().plusSeconds(outageSeconds) : null;
			faults.set(target,
					new FaultSettings(latencyMillis, jitterMillis, errorRate, throttlePerMinute, outageUntil));
			redirect.addFlashAttribute("message", "Faults of " + target + " updated.");
		}
		catch (IllegalArgumentException ex) {
			redirect.addFlashAttribute("error", target + ": " + ex.getMessage());
		}
		return "redirect:/sandbox#" + kind + "-" + name;
	}

	@PostMapping("/sandbox/faults/{kind}/{name}/clear")
	String clearFaults(@PathVariable String kind, @PathVariable String name, RedirectAttributes redirect) {
		TargetId target = target(kind, name);
		faults.set(target, FaultSettings.NONE);
		redirect.addFlashAttribute("message", "Faults of " + target + " cleared.");
		return "redirect:/sandbox#" + kind + "-" + name;
	}

	/**
	 * Same as {@code POST /sandbox/api/reset}: every org and account reseeded, faults and
	 * logs cleared.
	 */
	@PostMapping("/sandbox/reset")
	String reset(RedirectAttributes redirect) {
		resettables.forEach(Resettable::resetToSeed);
		faults.clearAll();
		requestLog.clearAll();
		redirect.addFlashAttribute("message", "Everything is back to the demo-world seed.");
		return "redirect:/sandbox";
	}

	private long outageSecondsLeft(TargetId id) {
		FaultSettings settings = faults.get(id);
		Instant now = clock.instant();
		return settings.inOutage(now) ? settings.outageUntil().getEpochSecond() - now.getEpochSecond() : 0;
	}

	private TargetId target(String kind, String name) {
		TargetKind targetKind;
		try {
			targetKind = TargetKind.fromPathSegment(kind);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, ex.getMessage());
		}
		boolean known = directories.stream().anyMatch(d -> d.kind() == targetKind && d.exists(name));
		if (!known) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No " + kind + " target named " + name);
		}
		return new TargetId(targetKind, name);
	}

	record TargetRow(String kind, String name, FaultSettings faults, long outageSecondsLeft,
			List<RecordedRequest> requests) {

		public String page() {
			return "/sandbox/" + kind + "/" + name;
		}

		public String base() {
			return "/" + kind + "/" + name;
		}

		public boolean faulty() {
			return faults.latencyMillis() > 0 || faults.jitterMillis() > 0 || faults.errorRate() > 0
					|| faults.throttlePerMinute() > 0 || outageSecondsLeft > 0;
		}

	}

}
