package com.vobizrouter.config;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code router.webhook.*}: the built-in source {@code vobiz} (profile {@code vobiz-legacy}, the
 * SPEC's format), served like every source of {@code router.sources} ({@link WebhookSources}), and
 * the request limits every source shares. Secrets and CIDRs are checked further by
 * {@link SettingsValidator} (required while the source is enabled, unless unsigned requests are
 * allowed; parsed). {@link #toString()} prints how many secrets there are, never their values.
 *
 * @param enabled false switches the source {@code vobiz} off: its path answers 404 and no secret is needed
 * @param path path Vobiz POSTs webhooks to
 * @param signatureHeader header carrying the HMAC-SHA256 signature
 * @param secrets active webhook secrets (several during a rotation)
 * @param allowUnsigned accept unsigned requests when no secret is set (local trials only)
 * @param maxBodyBytes larger bodies are answered 413
 * @param bodyReadTimeout the whole body must arrive within this long, or 408
 * @param allowedCidrs CIDRs allowed to POST; empty allows every address
 * @param trustedProxies proxies whose X-Forwarded-For header is believed
 * @param maxEventAge a signed event whose own time is older is refused (400); also the default of
 *                    {@code router.sources.<name>.max-event-age}. Checked against
 *                    {@code router.dedup.retention} by {@link SettingsValidator#maxEventAge}
 */
@Validated
@ConfigurationProperties("router.webhook")
public record WebhookSettings(
        @DefaultValue("true") boolean enabled,

        @NotNull(message = "must start with '/'")
        @Pattern(regexp = "/.*", message = "must start with '/'")
        @DefaultValue("/webhooks/vobiz") String path,

        @NotBlank(message = "must not be empty")
        @Pattern(regexp = "[!#$%&'*+.^_`|~0-9A-Za-z-]*", message = "must be an HTTP header name such as X-Vobiz-Signature")
        @DefaultValue("X-Vobiz-Signature") String signatureHeader,

        @NotNull @DefaultValue List<String> secrets,

        @DefaultValue("false") boolean allowUnsigned,

        @Positive(message = "must be a positive number of bytes")
        @DefaultValue("1048576") long maxBodyBytes,

        @NotNull(message = "must be a positive duration such as 10s")
        @DurationMin(millis = 1, message = "must be a positive duration such as 10s")
        @DefaultValue("10s") Duration bodyReadTimeout,

        @NotNull @DefaultValue List<String> allowedCidrs,

        @NotNull @DefaultValue List<String> trustedProxies,

        @DefaultValue("3d") Duration maxEventAge) {

    @Override
    public String toString() {
        return "WebhookSettings[enabled=" + enabled + ", path=" + path + ", signatureHeader=" + signatureHeader + ", secrets="
                + (secrets == null ? 0 : secrets.size()) + " configured, allowUnsigned=" + allowUnsigned + ", maxBodyBytes="
                + maxBodyBytes + ", bodyReadTimeout=" + bodyReadTimeout + ", allowedCidrs=" + allowedCidrs
                + ", trustedProxies=" + trustedProxies + ", maxEventAge=" + maxEventAge + "]";
    }
}
