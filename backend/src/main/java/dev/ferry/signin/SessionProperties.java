package dev.ferry.signin;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Portal sessions, under {@code ferry.session.*}, validated at start-up.
 *
 * @param absoluteTimeout a session ends this long after sign-in however active the person
 * is (the idle limit is {@code server.servlet.session.timeout})
 */
@ConfigurationProperties("ferry.session")
@Validated
record SessionProperties(@DefaultValue("12h") @NotNull Duration absoluteTimeout) {

}
