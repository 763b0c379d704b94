package dev.ferry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Ferry keeps Citrix ShareFile accounts in step with Okta for many organisations at once.
 * Each top-level package below this one is a Spring Modulith module; see
 * docs/architecture.md.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FerryApplication {

	public static void main(String[] args) {
		SpringApplication.run(FerryApplication.class, args);
	}

}
