package dev.ferry.signin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.ferry.tenant.Role;

/**
 * What a tenant-scoped handler needs beyond entering the organisation (which needs
 * {@link Role.Permission#VIEW}). Checked by {@link TenantScope}; a member without it gets
 * 403.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface RequiresPermission {

	Role.Permission value();

}
