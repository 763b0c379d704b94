package dev.ferry.auditfeed;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ferry.system.SealedColumn;

/** The secrets this module keeps sealed, for key rotation to find. */
@Configuration(proxyBeanMethods = false)
class AuditFeedSecrets {

	/** A webhook destination's HMAC secret. */
	@Bean
	SealedColumn auditStreamSecret() {
		return new SealedColumn("audit_stream", "secret", "id", true);
	}

}
