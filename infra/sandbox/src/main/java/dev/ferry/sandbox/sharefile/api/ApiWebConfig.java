package dev.ferry.sandbox.sharefile.api;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts {@link BearerAuthInterceptor} in front of the v3 API and lets handlers take
 * {@link ApiContext} and {@link ODataQuery}.
 */
@Configuration(proxyBeanMethods = false)
class ApiWebConfig implements WebMvcConfigurer {

	private final BearerAuthInterceptor auth;

	ApiWebConfig(BearerAuthInterceptor auth) {
		this.auth = auth;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(auth).addPathPatterns("/sharefile/*/sf/v3/**");
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new HandlerMethodArgumentResolver() {

			@Override
			public boolean supportsParameter(MethodParameter parameter) {
				return parameter.getParameterType() == ApiContext.class
						|| parameter.getParameterType() == ODataQuery.class;
			}

			@Override
			public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
					NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
				HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
				if (parameter.getParameterType() == ODataQuery.class) {
					return ODataQuery.of(request);
				}
				ApiContext context = (ApiContext) request.getAttribute(ApiContext.ATTRIBUTE);
				if (context == null) {
					throw BearerAuthInterceptor.notAuthenticated();
				}
				return context;
			}

		});
	}

}
