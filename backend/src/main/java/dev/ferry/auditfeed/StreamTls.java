package dev.ferry.auditfeed;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.springframework.stereotype.Component;

/**
 * The TLS context both kinds of destination connect with: the JVM's trusted authorities,
 * plus those of {@code ferry.audit-stream.trust-store} when the operator names one (a
 * SIEM behind a private CA). Certificates are always checked and host names always
 * verified; nothing here turns checking off.
 */
@Component
class StreamTls {

	private final SSLContext context;

	StreamTls(StreamProperties properties) throws Exception {
		List<X509TrustManager> managers = new ArrayList<>();
		managers.add(trustManager(null));
		if (!properties.trustStore().isBlank()) {
			KeyStore extra = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(Path.of(properties.trustStore()))) {
				extra.load(in, properties.trustStorePassword().toCharArray());
			}
			managers.add(trustManager(extra));
		}
		this.context = SSLContext.getInstance("TLS");
		this.context.init(null, new TrustManager[] { new EitherOf(managers) }, null);
	}

	SSLContext context() {
		return context;
	}

	private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(store);
		for (TrustManager manager : factory.getTrustManagers()) {
			if (manager instanceof X509TrustManager x509) {
				return x509;
			}
		}
		throw new IllegalStateException("no X.509 trust manager");
	}

	/** Trusts a server any one of its managers trusts. */
	private record EitherOf(List<X509TrustManager> managers) implements X509TrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			throw new CertificateException("Ferry connects as a client only");
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			CertificateException last = null;
			for (X509TrustManager manager : managers) {
				try {
					manager.checkServerTrusted(chain, authType);
					return;
				}
				catch (CertificateException ex) {
					last = ex;
				}
			}
			throw last;
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return managers.stream()
				.flatMap(m -> java.util.Arrays.stream(m.getAcceptedIssuers()))
				.toArray(X509Certificate[]::new);
		}

	}

}
