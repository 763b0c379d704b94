package dev.ferry.sandbox.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * The last requests each org and account received (method, path, status, sizes, time,
 * write bodies), bounded per target so a 100,000-user load does not fill the heap.
 */
@Component
public class RequestLog {

	static final int KEPT_PER_TARGET = 50_000;

	private final AtomicLong sequence = new AtomicLong();

	private final Map<TargetId, Deque<RecordedRequest>> entries = new ConcurrentHashMap<>();

	public long nextSequence() {
		return sequence.incrementAndGet();
	}

	/**
	 * The sequence number of the last request recorded anywhere; "everything after this"
	 * starts here.
	 */
	public long lastSequence() {
		return sequence.get();
	}

	public void record(TargetId target, RecordedRequest request) {
		Deque<RecordedRequest> log = entries.computeIfAbsent(target, key -> new ArrayDeque<>());
		synchronized (log) {
			if (log.size() >= KEPT_PER_TARGET) {
				log.pollFirst();
			}
			log.addLast(request);
		}
	}

	public List<RecordedRequest> after(TargetId target, long afterSequence) {
		Deque<RecordedRequest> log = entries.get(target);
		if (log == null) {
			return List.of();
		}
		synchronized (log) {
			List<RecordedRequest> result = new ArrayList<>();
			for (RecordedRequest request : log) {
				if (request.sequence() > afterSequence) {
					result.add(request);
				}
			}
			return result;
		}
	}

	/**
	 * The newest {@code count} requests of a target, oldest first (for the control page).
	 */
	public List<RecordedRequest> last(TargetId target, int count) {
		Deque<RecordedRequest> log = entries.get(target);
		if (log == null) {
			return List.of();
		}
		synchronized (log) {
			List<RecordedRequest> result = new ArrayList<>(Math.min(count, log.size()));
			var newestFirst = log.descendingIterator();
			while (newestFirst.hasNext() && result.size() < count) {
				result.add(0, newestFirst.next());
			}
			return result;
		}
	}

	public void clear(TargetId target) {
		entries.remove(target);
	}

	public void clearAll() {
		entries.clear();
	}

}
