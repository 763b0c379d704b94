package dev.ferry.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import dev.ferry.signin.Seats;
import dev.ferry.tenant.Tenants;

/**
 * A {@code @WebMvcTest} slice of the portal's controller(s) {@link #value()}, with what
 * every such slice needs besides the controller's own (mocked) services: MockMvc without
 * Spring Security's filters (the sign-in itself is proven end to end by the ITs; a slice
 * signs people in with {@code dev.ferry.signin.SignedIn}), and mocks for what the
 * portal's gate ({@code TenantScope}: {@link Seats}, {@link Tenants}) and layout advice
 * ({@code LayoutModel}: {@link Seats}) ask. Stub {@link Seats} with
 * {@code SignedIn.as(role, slug, seats)} after {@code @Autowired Seats seats}.
 * <p>
 * It is a {@code @WebMvcTest} itself, not an annotation beside one: {@code @WebMvcTest}
 * carries its own {@code @AutoConfigureMockMvc} (filters on), and of two such annotations
 * as near to the test class the first declared wins, so {@code addFilters = false} would
 * depend on the order the two are written in.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest
@AutoConfigureMockMvc(addFilters = false)
@TestPropertySource(properties = "spring.messages.basename=messages,test-connectors")
@MockitoBean(types = { Seats.class, Tenants.class })
public @interface PortalSlice {

	/** The controllers under test. */
	@AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
	Class<?>[] value();

}
