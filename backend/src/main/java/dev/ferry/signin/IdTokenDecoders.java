package dev.ferry.signin;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.converter.ClaimTypeConverter;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestTemplate;

/**
 * Checks each organisation's ID tokens with its provider's signing keys, kept between
 * sign-ins (docs/oidc.md, "Discovery"): Spring's own factory reads the key set again at
 * every sign-in and keeps a decoder per organisation for ever, even after its issuer
 * changes. Here the key set is cached and read again when a token names a key id it does
 * not hold (a rotation), and each decoder is rebuilt after {@link #REFRESH}, so a key the
 * provider withdrew is forgotten within that time. A decoder belongs to one issuer, key
 * address and client: an organisation that changes them gets a new one at once.
 */
@Component
class IdTokenDecoders implements JwtDecoderFactory<ClientRegistration> {

	static final Duration REFRESH = Duration.ofHours(1);

	private final Map<Key, Decoder> decoders = new ConcurrentHashMap<>();

	private final Clock clock;

	private final RestTemplate http;

	IdTokenDecoders(Clock clock) {
		this.clock = clock;
		// redirects are never followed: a key address that passed the address rules must
		// not lead Ferry to one that would not; a provider that hangs fails the sign-in,
		// not a request thread for ever
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build());
		requests.setReadTimeout(Duration.ofSeconds(10));
		this.http = new RestTemplate(requests);
	}

	@Override
	public JwtDecoder createDecoder(ClientRegistration registration) {
		Key key = new Key(registration.getRegistrationId(), registration.getProviderDetails().getJwkSetUri(),
				registration.getProviderDetails().getIssuerUri(), registration.getClientId());
		Instant now = clock.instant();
		// one decoder per organisation: a changed issuer, key address or client replaces
		// it
		decoders.keySet().removeIf(old -> old.registrationId().equals(key.registrationId()) && !old.equals(key));
		return decoders.compute(key, (k, current) -> current != null && current.builtAt().plus(REFRESH).isAfter(now)
				? current : new Decoder(build(registration), now))
			.decoder();
	}

	private JwtDecoder build(ClientRegistration registration) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.restOperations(http)
			// the key set as last read; Spring's key source reads it again for a key id
			// it does not hold
			.cache(new ConcurrentMapCache("jwks-" + registration.getRegistrationId()))
			.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
				new OidcIdTokenValidator(registration)));
		decoder
			.setClaimSetConverter(new ClaimTypeConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverters()));
		return decoder;
	}

	private record Key(String registrationId, String jwkSetUri, String issuer, String clientId) {
	}

	private record Decoder(JwtDecoder decoder, Instant builtAt) {
	}

}
