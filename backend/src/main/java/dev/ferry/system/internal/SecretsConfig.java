package dev.ferry.system.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ferry.system.FerryProperties;
import dev.ferry.system.SecretBox;

@Configuration(proxyBeanMethods = false)
class SecretsConfig {

	@Bean
	SecretBox secretBox(FerryProperties properties) {
		return new SecretBox(properties.secrets().keysById(), properties.secrets().activeKey());
	}

}
