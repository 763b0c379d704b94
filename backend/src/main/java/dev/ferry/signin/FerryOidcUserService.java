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
 * Turns a validated ID token into a {@link FerryUser}: who the person is and where they
 * may go. A person with no seat anywhere is refused here, before a session exists.
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
		OidcUser provided = super.loadUser(request);
		String slug = request.getClientRegistration().getRegistrationId();
		Tenant through = tenants.bySlug(slug)
			.orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error("unknown_organisation")));
		String login = provided.getPreferredUsername() != null ? provided.getPreferredUsername() : provided.getEmail();
		// the claim is named per organisation: Okta sends "groups" when asked, Entra ID
		// and Keycloak name it as their admin configured
		List<String> groups = provided.getClaimAsStringList(through.groupsClaim());
		String verifiedEmail = Boolean.TRUE.equals(provided.getEmailVerified()) ? provided.getEmail() : null;
		OktaIdentity identity = new OktaIdentity(provided.getIssuer().toString(), provided.getSubject(),
				login == null ? provided.getSubject() : login.toLowerCase(Locale.ROOT), provided.getFullName(),
				groups == null ? List.of() : groups, groups != null, verifiedEmail);
		try {
			return new FerryUser(provided, slug, memberships.admit(through, identity));
		}
		catch (NotAMemberException ex) {
			throw new OAuth2AuthenticationException(new OAuth2Error(NOT_A_MEMBER, ex.getMessage(), null),
					ex.getMessage());
		}
	}

}
