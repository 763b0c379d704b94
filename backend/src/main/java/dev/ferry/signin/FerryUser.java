package dev.ferry.signin;

import java.io.Serial;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import dev.ferry.tenant.Membership;

/**
 * The person signed in to the portal: who their identity provider says they are, and
 * where they landed at sign-in. Which organisations they may enter, and with which role,
 * is not kept here: it is read for every request ({@link Seats}), so a removal or a role
 * change applies at once (docs/security.md).
 */
public class FerryUser implements OidcUser, java.io.Serializable {

	@Serial
	private static final long serialVersionUID = 2L;

	private final OidcUser okta;

	private final String signedInThrough;

	// plain values only: the session (and so this object) is serialised into Redis
	private final UUID homeTenantId;

	private final String homeSlug;

	private final int organisations;

	FerryUser(OidcUser okta, String signedInThrough, List<Membership> memberships) {
		this.okta = okta;
		this.signedInThrough = signedInThrough;
		this.homeTenantId = memberships.get(0).tenantId();
		this.homeSlug = memberships.get(0).slug();
		this.organisations = memberships.size();
	}

	/** The slug of the organisation whose identity provider the person signed in with. */
	public String signedInThrough() {
		return signedInThrough;
	}

	/**
	 * The issuer of the ID token: with the subject, the person's key in every
	 * organisation.
	 */
	public String issuer() {
		return okta.getIssuer().toString();
	}

	/**
	 * The organisation the person landed in at sign-in (the one signed in through when
	 * they are a member there). Where sign-in and sign-out are audited; never a
	 * permission.
	 */
	public UUID homeTenantId() {
		return homeTenantId;
	}

	public String homeSlug() {
		return homeSlug;
	}

	/** How many organisations the person could enter when they signed in. */
	public int organisationsAtSignIn() {
		return organisations;
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
