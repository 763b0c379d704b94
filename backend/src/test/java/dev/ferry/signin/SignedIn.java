package dev.ferry.signin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.test.context.TestSecurityContextHolder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import dev.ferry.audit.AuditEntry;
import dev.ferry.tenant.Membership;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.TenantKind;

import static org.mockito.BDDMockito.given;

/**
 * A signed-in person for a {@code @WebMvcTest} slice
 * ({@link dev.ferry.test.PortalSlice}): a {@link FerryUser} with a seat of one role in
 * one organisation, as the (mocked) {@link Seats} answers for them, and a MockMvc
 * {@link RequestPostProcessor} that signs them in for a request:
 * {@code mvc.perform(get("/t/acme/...").with(owner))}.
 * <p>
 * Slices run without Spring Security's filters ({@code addFilters = false}), so
 * {@code SecurityMockMvcRequestPostProcessors.authentication(...)}, which leaves the
 * context in the request for the security filters to load, reaches nobody. This puts the
 * authentication where the filters would have: in the thread's security context, which
 * {@link TenantScope} and {@code @AuthenticationPrincipal} read (MockMvc handles the
 * request on the test's own thread; spring-security-test's
 * {@code WithSecurityContextTestExecutionListener} clears the context after every test),
 * and as the request's user principal, which an {@code Authentication} handler argument
 * ({@code portal.LayoutModel}) reads. The person stays signed in for the rest of the test
 * method, until another one signs in or {@link #nobody()} signs them out.
 * <p>
 * In the test tree's {@code signin} package because a {@link FerryUser} is made only
 * here, at sign-in.
 */
public final class SignedIn implements RequestPostProcessor {

	public static final String ISSUER = "https://acme.okta.test";

	private final FerryUser user;

	private final Membership seat;

	private SignedIn(FerryUser user, Membership seat) {
		this.user = user;
		this.seat = seat;
	}

	/**
	 * Someone with {@code role} in the organisation {@code slug}: {@code seats} (a mock)
	 * answers with that seat for them, and only that one.
	 */
	public static SignedIn as(Role role, String slug, Seats seats) {
		Membership seat = new Membership(UUID.nameUUIDFromBytes(slug.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
				slug, "Org " + slug, TenantKind.CUSTOMER, role);
		FerryUser user = user(role.name().toLowerCase(java.util.Locale.ROOT) + "@" + slug + ".example", seat);
		// FerryUser keeps identity equality: the stubs answer for this person only
		given(seats.of(user)).willReturn(List.of(seat));
		given(seats.in(user, slug)).willReturn(Optional.of(seat));
		given(seats.home(user)).willReturn(Optional.of(seat));
		return new SignedIn(user, seat);
	}

	/** Signs out whoever an earlier request of the same test signed in. */
	public static RequestPostProcessor nobody() {
		return request -> {
			TestSecurityContextHolder.clearContext();
			return request;
		};
	}

	public FerryUser user() {
		return user;
	}

	public Membership seat() {
		return seat;
	}

	/** The person as services and the audit log see them. */
	public AuditEntry.Actor actor() {
		return AuditEntry.Actor.member(user.getSubject(), user.displayName());
	}

	@Override
	public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
		OAuth2AuthenticationToken authentication = new OAuth2AuthenticationToken(user, user.getAuthorities(),
				user.signedInThrough());
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		// sets SecurityContextHolder's context too
		TestSecurityContextHolder.setContext(context);
		request.setUserPrincipal(authentication);
		return request;
	}

	private static FerryUser user(String email, Membership seat) {
		OidcIdToken token = new OidcIdToken("test-token", Instant.now(), Instant.now().plusSeconds(3600),
				Map.of("iss", ISSUER, "sub", "sub-" + email, "preferred_username", email, "name", email, "email", email,
						"email_verified", true));
		DefaultOidcUser okta = new DefaultOidcUser(List.of(new SimpleGrantedAuthority("OIDC_USER")), token);
		return new FerryUser(okta, seat.slug(), List.of(seat));
	}

}
