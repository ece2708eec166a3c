package com.vobizrouter.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.vobizrouter.intake.source.MetaWhatsAppProfile;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.validation.annotation.Validated;

/**
 * Webhook sources besides the built-in one of {@code router.webhook} (source {@code vobiz}, profile
 * {@code vobiz-legacy}): {@code router.sources.<name>.*}, each with its path, its profile (how its
 * requests are signed and what its envelope is), its secrets and the profile's own settings.
 *
 * <p>Everything can be set with environment variables alone
 * ({@code ROUTER_SOURCES_MESSAGING_PATH}, {@code ROUTER_SOURCES_MESSAGING_PROFILE},
 * {@code ROUTER_SOURCES_MESSAGING_SECRETS}), which is why a name is lower-case letters and digits:
 * an underscore in a variable name separates keys. Shapes are checked here with Jakarta
 * constraints; what depends on several settings (unique paths, at least one secret, a Meta verify
 * token, secrets a profile can use) is checked when the sources are built ({@link WebhookSources}),
 * naming the key. A source switched off ({@code enabled: false}) is not built.
 */
@Validated
@ConfigurationProperties(prefix = "router.sources")
public record SourcesSettings(
        @Name("") Map<@Pattern(regexp = "[a-z][a-z0-9]{0,19}",
                message = "a source name is 1 to 20 lower-case letters and digits, starting with a letter") String,
                @Valid Source> byName) {

    public SourcesSettings {
        byName = byName == null ? Map.of() : new TreeMap<>(byName);
    }

    /** The profiles a source can have. */
    public enum Profile {
        /** The SPEC's Vobiz format: X-Vobiz-Signature, {event, event_id, timestamp, channel_id, data}. */
        VOBIZ_LEGACY,
        /** Vobiz's current WhatsApp webhooks: X-Webhook-Signature, {event_id, event_type, account_id, occurred_at, payload}. */
        VOBIZ_MESSAGING,
        /** Meta's WhatsApp Cloud API webhooks: X-Hub-Signature-256, the GET hub.challenge handshake. */
        META_WHATSAPP,
        /** The Standard Webhooks specification: webhook-id, webhook-timestamp, webhook-signature. */
        STANDARD_WEBHOOKS;

        /** The name used in settings, e.g. {@code vobiz-messaging}. */
        public String settingName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One source.
     *
     * @param enabled         false switches the source off: nothing serves its path (404) and it needs no secret
     * @param path            where it POSTs (each source its own path)
     * @param profile         how its requests are signed and what they carry
     * @param secrets         active secrets, comma-separated; any one may match (rotation). For
     *                        standard-webhooks the {@code whsec_…} secrets, for meta-whatsapp the
     *                        app secret
     * @param signatureHeader vobiz-legacy only: the header carrying the signature
     * @param verifyToken     meta-whatsapp only: the token Meta's subscription handshake must present
     * @param tolerance       standard-webhooks only: how far {@code webhook-timestamp} may be from now
     * @param events          the types it dispatches, in the sender's names ({@code call.*} for a
     *                        family, {@code *} for all); others are stored and answered
     *                        {@code ignored}. Default: the profile's types
     * @param allowedCidrs    addresses allowed to send; default {@code router.webhook.allowed-cidrs}
     * @param maxEvents       the most events one request may carry (only meta-whatsapp requests
     *                        carry more than one); more are answered 413. Default 1000
     * @param maxEventAge     a signed event whose own time is older is refused (400; in a Meta
     *                        notification that event only is answered stale); default
     *                        {@code router.webhook.max-event-age}. standard-webhooks keeps its
     *                        {@code tolerance} on {@code webhook-timestamp} instead
     */
    public record Source(
            @DefaultValue("true") boolean enabled,
            @NotBlank @Pattern(regexp = "/[A-Za-z0-9._~/-]*", message = "must be a path such as /webhooks/vobiz-messaging") String path,
            @NotNull(message = "must be vobiz-legacy, vobiz-messaging, meta-whatsapp or standard-webhooks") Profile profile,
            @DefaultValue List<String> secrets,
            @DefaultValue("X-Vobiz-Signature") @NotBlank String signatureHeader,
            String verifyToken,
            @DefaultValue("5m") @NotNull Duration tolerance,
            List<String> events,
            List<String> allowedCidrs,
            @DefaultValue("" + MetaWhatsAppProfile.DEFAULT_MAX_EVENTS) int maxEvents,
            Duration maxEventAge) {

        @Override
        public String toString() {
            return "Source[enabled=" + enabled + ", path=" + path + ", profile=" + (profile == null ? null : profile.settingName()) + ", secrets="
                    + (secrets == null ? 0 : secrets.size()) + " configured, verifyToken=" + (verifyToken == null ? "unset" : "set")
                    + ", events=" + events + ", maxEvents=" + maxEvents + "]";
        }
    }
}
