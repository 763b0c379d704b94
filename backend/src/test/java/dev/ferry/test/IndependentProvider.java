package dev.ferry.test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * An OpenID Provider not written here, for the whole test JVM: NAV's mock-oauth2-server,
 * whose paths are not Okta's ({@code /{issuer}/authorize}, {@code /token}, {@code /jwks},
 * {@code /endsession}). Interactive, so a browser meets a sign-in form as with a real
 * provider. Ferry's test contexts allow its address ({@link TestServicesInitializer}).
 */
public final class IndependentProvider {

	private static IndependentProvider instance;

	private final MockOAuth2Server server;

	private final int port;

	private IndependentProvider() {
		this.port = Sandbox.freePort();
		this.server = new MockOAuth2Server(OAuth2Config.Companion.fromJson("{\"interactiveLogin\":true}"));
		try {
			server.start(InetAddress.getByName("127.0.0.1"), port);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
	}

	public static synchronized IndependentProvider get() {
		if (instance == null) {
			instance = new IndependentProvider();
		}
		return instance;
	}

	public int port() {
		return port;
	}

	/** An issuer of its own per organisation, as each customer has its own provider. */
	public String issuer(String name) {
		return "http://127.0.0.1:" + port + "/" + name;
	}

	public MockOAuth2Server server() {
		return server;
	}

}
