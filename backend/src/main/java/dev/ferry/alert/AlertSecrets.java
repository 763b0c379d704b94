package dev.ferry.alert;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ferry.system.SealedColumn;

/** The secrets this module keeps sealed, for key rotation to find. */
@Configuration(proxyBeanMethods = false)
class AlertSecrets {

	/** The alert webhook's address: Slack's and Teams' carry their credential. */
	@Bean
	SealedColumn alertWebhookUrl() {
		return new SealedColumn("alert_settings", "webhook_url", "tenant_id", true);
	}

}
