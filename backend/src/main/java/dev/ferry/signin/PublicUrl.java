package dev.ferry.signin;

import dev.ferry.system.FerryProperties;

/**
 * Ferry's public address ({@code ferry.public-url}) without a trailing slash, for the
 * URLs it hands out.
 */
final class PublicUrl {

	private PublicUrl() {
	}

	static String of(FerryProperties properties) {
		String url = properties.publicUrl().toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	static boolean isHttps(FerryProperties properties) {
		return "https".equalsIgnoreCase(properties.publicUrl().getScheme());
	}

}
