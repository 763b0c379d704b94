package dev.ferry.signin;

import java.util.Map;

import jakarta.servlet.http.HttpSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.ferry.tenant.SeatRevoked;

/**
 * Ends every open session of a person who lost a seat, on every web node: sessions live
 * in Redis (Spring Session), indexed by {@link #principal}, which sign-in stores in each
 * session. Runs once the change has committed. Should Redis be unreachable, nothing is
 * lost: every request is decided on the seats read from the database ({@link Seats}), so
 * the person gets nowhere anyway.
 */
@Component
class SessionRevocation {

	private static final Logger log = LoggerFactory.getLogger(SessionRevocation.class);

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	SessionRevocation(FindByIndexNameSessionRepository<? extends Session> sessions) {
		this.sessions = sessions;
	}

	/**
	 * The name a person's sessions are indexed by: their identity provider and their
	 * subject there.
	 */
	static String principal(String issuer, String subject) {
		return issuer + " " + subject;
	}

	/** Called at sign-in, so the session can be found by its person. */
	static void index(HttpSession session, FerryUser user) {
		session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME,
				principal(user.issuer(), user.getSubject()));
	}

	@TransactionalEventListener
	void on(SeatRevoked revoked) {
		if (revoked.subject() == null) {
			return;
		}
		try {
			Map<String, ? extends Session> open = sessions
				.findByPrincipalName(principal(revoked.issuer(), revoked.subject()));
			open.keySet().forEach(sessions::deleteById);
			if (!open.isEmpty()) {
				log.info("Ended {} open session(s) of {} after a change to their seat", open.size(), revoked.login());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not end the open sessions of {} ({}); their requests are refused by their seats",
					revoked.login(), ex.toString());
		}
	}

}
