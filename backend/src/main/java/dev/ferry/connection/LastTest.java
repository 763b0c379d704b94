package dev.ferry.connection;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * What a connection's last "Test" said, kept with the connection until its settings
 * change (a new setting has not been tested yet).
 *
 * @param ok whether the test passed
 * @param summary the outcome in words a person can act on
 */
@Embeddable
public record LastTest(@Column(name = "last_test_at") Instant at, @Column(name = "last_test_ok") Boolean ok,
		@Column(name = "last_test_summary") String summary) {

	public static LastTest of(boolean ok, String summary, Instant at) {
		return new LastTest(at, ok, summary.length() > 1000 ? summary.substring(0, 1000) : summary);
	}

}
