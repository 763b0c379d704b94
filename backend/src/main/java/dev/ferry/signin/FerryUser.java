package dev.ferry.signin;

import java.io.Serial;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import dev.ferry.tenant.Membership;

/**
 * The person signed in to the portal: who Okta says they are, and every organisation they may enter
 * with their role there (decided once per sign-in by {@code Memberships}).
 */
public class FerryUser implements OidcUser, java.io.Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final OidcUser okta;

	private final String signedInThrough;

	private final List<Membership> memberships;

	FerryUser(OidcUser okta, String signedInThrough, List<Membership> memberships) {
		this.okta = okta;
		this.signedInThrough = signedInThrough;
		this.memberships = List.copyOf(memberships);
	}

	/** The slug of the organisation whose Okta the person signed in with. */
	public String signedInThrough() {
		return signedInThrough;
	}

	public List<Membership> memberships() {
		return memberships;
	}

	public Optional<Membership> membershipIn(String slug) {
		return memberships.stream().filter(membership -> membership.slug().equals(slug)).findFirst();
	}

	/** The organisation to land in after sign-in: the one signed in through. */
	public Membership home() {
		return memberships.get(0);
	}

	public String displayName() {
		return okta.getFullName() != null ? okta.getFullName() : login();
	}

	public String login() {
		return okta.getPreferredUsername() != null ? okta.getPreferredUsername() : okta.getEmail();
	}

	@Override
	public Map<String, Object> getClaims() {
		return okta.getClaims();
	}

	@Override
	public OidcUserInfo getUserInfo() {
		return okta.getUserInfo();
	}

	@Override
	public OidcIdToken getIdToken() {
		return okta.getIdToken();
	}

	@Override
	public Map<String, Object> getAttributes() {
		return okta.getAttributes();
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return okta.getAuthorities();
	}

	@Override
	public String getName() {
		return okta.getSubject();
	}

}
