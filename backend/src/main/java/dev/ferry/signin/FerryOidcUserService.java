package dev.ferry.signin;

import java.util.List;
import java.util.Locale;

import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

import dev.ferry.tenant.Memberships;
import dev.ferry.tenant.NotAMemberException;
import dev.ferry.tenant.OktaIdentity;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.Tenants;

/**
 * Turns a validated Okta ID token into a {@link FerryUser}: who the person is and where
 * they may go. A person with no seat anywhere is refused here, before a session exists.
 */
@Component
class FerryOidcUserService extends OidcUserService {

	static final String NOT_A_MEMBER = "not_a_member";

	private final Tenants tenants;

	private final Memberships memberships;

	FerryOidcUserService(Tenants tenants, Memberships memberships) {
		this.tenants = tenants;
		this.memberships = memberships;
	}

	@Override
	public OidcUser loadUser(OidcUserRequest request) {
		OidcUser okta = super.loadUser(request);
		String slug = request.getClientRegistration().getRegistrationId();
		Tenant through = tenants.bySlug(slug)
			.orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error("unknown_organisation")));
		String login = okta.getPreferredUsername() != null ? okta.getPreferredUsername() : okta.getEmail();
		List<String> groups = okta.getClaimAsStringList("groups");
		OktaIdentity identity = new OktaIdentity(okta.getIssuer().toString(), okta.getSubject(),
				login == null ? okta.getSubject() : login.toLowerCase(Locale.ROOT), okta.getFullName(),
				groups == null ? List.of() : groups);
		try {
			return new FerryUser(okta, slug, memberships.admit(through, identity));
		}
		catch (NotAMemberException ex) {
			throw new OAuth2AuthenticationException(new OAuth2Error(NOT_A_MEMBER, ex.getMessage(), null),
					ex.getMessage());
		}
	}

}
