package dev.ferry.sandbox;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Ferry's stand-ins for Okta and Citrix ShareFile. No machine of ours reaches the real
 * services, so the tests, the demo and the benchmarks talk to this application over HTTP
 * exactly as Ferry talks to the real ones; only the base URLs differ.
 */
@SpringBootApplication
public class SandboxApplication {

	public static void main(String[] args) {
		SpringApplication.run(SandboxApplication.class, args);
	}

}
