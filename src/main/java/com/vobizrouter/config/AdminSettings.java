package com.vobizrouter.config;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code router.admin.*}: the admin API on the management port and the rejection log it reads.
 * {@link #toString()} says whether the token is set, never its value.
 *
 * @param token bearer token of the admin API; blank turns the admin API off
 * @param rejectionsRetention how long rejected intake requests are kept
 * @param rejectionsMax at most this many rejected requests are kept
 * @param failedLoginsPerMinute wrong admin tokens a minute, all callers together, answered 401 at
 *        once; further ones are answered 429, slowed down
 */
@Validated
@ConfigurationProperties("router.admin")
public record AdminSettings(
        @NotNull @DefaultValue("") String token,

        @NotNull(message = "must be positive")
        @DurationMin(inclusive = false, message = "must be positive")
        @DefaultValue("7d") Duration rejectionsRetention,

        @Min(value = 0, message = "must not be negative")
        @DefaultValue("10000") int rejectionsMax,

        @Min(value = 1, message = "must be at least 1")
        @DefaultValue("10") int failedLoginsPerMinute) {

    /** The shortest admin token accepted outside the demo profile. */
    public static final int MIN_TOKEN_LENGTH = 16;

    /**
     * Refuses a token shorter than {@value #MIN_TOKEN_LENGTH} characters, unless the demo profile is
     * active (its token is {@code demo}). The refusal names the key, never the token.
     */
    public void checkToken(boolean demo) {
        if (enabled() && !demo && token.strip().length() < MIN_TOKEN_LENGTH) {
            throw new InvalidSettingException("router.admin.token", "must be at least " + MIN_TOKEN_LENGTH
                    + " characters outside the demo profile; use a long random value (e.g. openssl rand -hex 24)");
        }
    }

    /** Whether the admin API is on. */
    public boolean enabled() {
        return token != null && !token.isBlank();
    }

    @Override
    public String toString() {
        return "AdminSettings[token=" + (enabled() ? "set" : "unset") + ", rejectionsRetention=" + rejectionsRetention
                + ", rejectionsMax=" + rejectionsMax + ", failedLoginsPerMinute=" + failedLoginsPerMinute + "]";
    }
}
