/**
 * How people get into the portal: the sign-in page that asks for the organisation, the
 * web security rules (CSRF, headers, sessions) that every page relies on.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Sign-in")
package dev.ferry.signin;
