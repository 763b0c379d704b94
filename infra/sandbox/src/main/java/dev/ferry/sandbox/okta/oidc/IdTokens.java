package dev.ferry.sandbox.okta.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.okta.OidcClient;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaUser;

/**
 * Mints ID tokens as Okta's authorization servers do (docs/reference/okta.md §2.3): RS256
 * with the issuing server's {@code kid}; {@code sub} is the Okta user id; profile and
 * email claims follow the granted scopes. Groups differ by server: the org server adds
 * {@code groups} only when the app has its groups claim on and the {@code groups} scope
 * was granted; a custom server adds its configured groups claim (filtered names) and
 * nothing when none is configured. Also builds the userinfo answer from the same person
 * data.
 */
@Component
class IdTokens {

	static final Duration LIFETIME = Duration.ofHours(1);

	/** Okta's defaults when the profile has no locale or time zone. */
	static final String DEFAULT_LOCALE = "en_US";

	static final String DEFAULT_ZONEINFO = "America/Los_Angeles";

	private final SigningKeys keys;

	private final Clock clock;

	IdTokens(SigningKeys keys, Clock clock) {
		this.keys = keys;
		this.clock = clock;
	}

	String mint(String issuer, AuthServer server, OktaOrg org, OidcClient client, OktaUser user, Set<String> scopes,
			String nonce, Instant authTime, String accessToken) {
		Instant now = clock.instant();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(user.id())
			.claim("ver", 1)
			.issuer(issuer)
			.audience(client.clientId())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(LIFETIME)))
			.jwtID("ID." + UUID.randomUUID().toString().replace("-", ""))
			.claim("amr", List.of("pwd"))
			.claim("idp", keys.idpId(org.name()))
			.claim("auth_time", authTime.getEpochSecond());
		if (nonce != null) {
			claims.claim("nonce", nonce);
		}
		personClaims(user, scopes).forEach(claims::claim);
		if (accessToken != null) {
			claims.claim("at_hash", atHash(accessToken));
		}
		if (server.isOrgServer()) {
			if (client.groupsClaim() && scopes.contains("groups")) {
				claims.claim("groups", org.groupNamesOf(user.id()));
			}
		}
		else if (server.groupsClaim() != null && server.groupsClaim().appliesTo(scopes)) {
			GroupsClaim groups = server.groupsClaim();
			List<String> names = org.groupNamesOf(user.id()).stream().filter(groups::matches).toList();
			// Left out rather than sent as []: Okta's documents do not say which it does,
			// and a client must cope with a missing groups claim anyway.
			if (!names.isEmpty()) {
				claims.claim(groups.name(), names);
			}
		}
		return keys.sign(server, claims.build());
	}

	/**
	 * The claims of {@code /oauth2/v1/userinfo}: {@code sub} and what the scopes allow
	 * (no groups: ID token only).
	 */
	Map<String, Object> userInfo(OktaUser user, Set<String> scopes) {
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("sub", user.id());
		info.putAll(personClaims(user, scopes));
		return info;
	}

	private static Map<String, Object> personClaims(OktaUser user, Set<String> scopes) {
		Map<String, Object> claims = new LinkedHashMap<>();
		if (scopes.contains("profile")) {
			String name = String.join(" ",
					Arrays.stream(new String[] { user.firstName(), user.lastName() })
						.filter(s -> s != null && !s.isBlank())
						.toList());
			claims.put("name", name);
			claims.put("preferred_username", user.login());
			text(user, "nickName").ifPresent(value -> claims.put("nickname", value));
			claims.put("given_name", user.firstName());
			text(user, "middleName").ifPresent(value -> claims.put("middle_name", value));
			claims.put("family_name", user.lastName());
			text(user, "profileUrl").ifPresent(value -> claims.put("profile", value));
			claims.put("locale", text(user, "locale").orElse(DEFAULT_LOCALE));
			claims.put("zoneinfo", text(user, "timezone").orElse(DEFAULT_ZONEINFO));
			claims.put("updated_at", user.lastUpdated().getEpochSecond());
		}
		if (scopes.contains("email") && user.email() != null) {
			claims.put("email", user.email());
			claims.put("email_verified", true);
		}
		if (scopes.contains("phone")) {
			text(user, "mobilePhone").or(() -> text(user, "primaryPhone"))
				.ifPresent(value -> claims.put("phone_number", value));
		}
		if (scopes.contains("address")) {
			Map<String, Object> address = new LinkedHashMap<>();
			text(user, "streetAddress").ifPresent(value -> address.put("street_address", value));
			text(user, "city").ifPresent(value -> address.put("locality", value));
			text(user, "state").ifPresent(value -> address.put("region", value));
			text(user, "zipCode").ifPresent(value -> address.put("postal_code", value));
			text(user, "countryCode").ifPresent(value -> address.put("country", value));
			claims.put("address", address);
		}
		return claims;
	}

	private static java.util.Optional<String> text(OktaUser user, String attribute) {
		Object value = user.profile().get(attribute);
		return value instanceof String text && !text.isBlank() ? java.util.Optional.of(text)
				: java.util.Optional.empty();
	}

	/** OIDC Core §3.1.3.6: base64url of the left half of SHA-256 of the access token. */
	static String atHash(String accessToken) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(accessToken.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, digest.length / 2));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
