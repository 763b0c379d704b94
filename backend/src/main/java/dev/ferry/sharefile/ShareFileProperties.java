package dev.ferry.sharefile;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;

/**
 * The ShareFile connector's settings under {@code ferry.sharefile.*}, validated at
 * start-up.
 *
 * @param requestsPerMinute Ferry's own ceiling per ShareFile account (ShareFile's 429s
 * and Retry-After slow it further)
 */
@ConfigurationProperties("ferry.sharefile")
@Validated
record ShareFileProperties(@DefaultValue("30000") @Min(1) int requestsPerMinute) {

}
