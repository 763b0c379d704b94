package dev.ferry.signin;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import dev.ferry.tenant.Membership;
import dev.ferry.tenant.Memberships;

/**
 * The organisations a signed-in person may enter right now, with their role in each: read
 * from the database once per request (the gate, the organisation switcher and the landing
 * page share it), never from the session, so removing someone or changing their role
 * takes effect on their next request, on every web node.
 */
@Service
public class Seats {

	private static final String MEMO = Seats.class.getName();

	private final Memberships memberships;

	Seats(Memberships memberships) {
		this.memberships = memberships;
	}

	public List<Membership> of(FerryUser user) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null && request.getAttribute(MEMO, RequestAttributes.SCOPE_REQUEST) instanceof Memo memo
				&& memo.user() == user) {
			return memo.seats();
		}
		List<Membership> seats = memberships.current(user.issuer(), user.getSubject());
		if (request != null) {
			request.setAttribute(MEMO, new Memo(user, seats), RequestAttributes.SCOPE_REQUEST);
		}
		return seats;
	}

	public Optional<Membership> in(FerryUser user, String slug) {
		return of(user).stream().filter(seat -> seat.slug().equals(slug)).findFirst();
	}

	/**
	 * Where the person lands: the organisation they signed in through if they still have
	 * a seat there.
	 */
	public Optional<Membership> home(FerryUser user) {
		List<Membership> seats = of(user);
		return seats.stream()
			.filter(seat -> seat.slug().equals(user.signedInThrough()))
			.findFirst()
			.or(() -> seats.stream().findFirst());
	}

	private record Memo(FerryUser user, List<Membership> seats) {
	}

}
