package dev.ferry.signin;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class TenantScopeConfig implements WebMvcConfigurer {

	private final TenantScope scope;

	TenantScopeConfig(TenantScope scope) {
		this.scope = scope;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(scope).addPathPatterns("/t/**");
	}

}
