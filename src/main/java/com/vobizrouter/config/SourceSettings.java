package com.vobizrouter.config;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.intake.CidrBlock;
import com.vobizrouter.intake.ClientAddressResolver;
import com.vobizrouter.intake.EventAge;
import com.vobizrouter.intake.RequestGuard;
import com.vobizrouter.intake.source.EventTypes;
import com.vobizrouter.intake.source.MetaWhatsAppProfile;
import com.vobizrouter.intake.source.StandardWebhooksProfile;
import com.vobizrouter.intake.source.VobizLegacyProfile;
import com.vobizrouter.intake.source.VobizMessagingProfile;
import com.vobizrouter.intake.source.WebhookProfile;
import com.vobizrouter.intake.source.WebhookSource;

/**
 * {@link SourcesProperties} checked as a whole and turned into the sources intake serves.
 * Construction fails with an {@link InvalidSettingException} naming the key at the first bad
 * setting, so a misconfigured source never starts: a name or path taken by another source (or by
 * {@code router.webhook}), no secret, a Meta source without its verify token, a Standard Webhooks
 * secret that is not {@code whsec_} and base64, an unknown event pattern, a bad address range,
 * a {@code max-events} below 1, a {@code max-event-age} not shorter than {@code router.dedup.retention}.
 */
public final class SourceSettings {

    /** What the WhatsApp-format profiles dispatch unless told otherwise. */
    static final List<String> WHATSAPP_EVENTS = List.of(VobizMessagingProfile.INBOUND, VobizMessagingProfile.STATUS, "call.*");

    private final List<WebhookSource> sources = new ArrayList<>();
    private final Set<String> webhookPaths;

    public SourceSettings(SourcesProperties properties, WebhookSettings webhook, EventSettings legacyEvents, SettingsValidator settings,
            Duration dedupRetention, Clock clock) {
        Set<String> paths = new HashSet<>(Set.of(webhook.path()));
        // Every source's default, so a bad value is reported under its own key.
        Duration defaultMaxEventAge = SettingsValidator.maxEventAge("router.webhook.max-event-age", webhook.maxEventAge(), dedupRetention);
        for (Map.Entry<String, SourcesProperties.Source> entry : properties.byName().entrySet()) {
            String name = entry.getKey();
            SourcesProperties.Source source = entry.getValue();
            String key = "router.sources." + name;
            if (InboxEvent.LEGACY_SOURCE.equals(name)) {
                throw new InvalidSettingException(key, "'vobiz' is the source of router.webhook; give this source another name");
            }
            if (!paths.add(source.path())) {
                throw new InvalidSettingException(key + ".path",
                        "'" + source.path() + "' is already the path of another source or of router.webhook.path");
            }
            List<String> secrets = source.secrets().stream().map(String::trim).filter(secret -> !secret.isEmpty()).toList();
            if (secrets.isEmpty()) {
                throw new InvalidSettingException(key + ".secrets", "no secret configured; set ROUTER_SOURCES_"
                        + name.toUpperCase(java.util.Locale.ROOT) + "_SECRETS (comma-separated)");
            }
            if (source.maxEvents() < 1) {
                throw new InvalidSettingException(key + ".max-events", "must be at least 1 (the most events one request may carry)");
            }
            WebhookProfile profile = profile(key, source, secrets, clock);
            EventTypes events;
            try {
                events = EventTypes.of(source.events() == null || source.events().isEmpty()
                        ? defaultEvents(source.profile(), legacyEvents) : source.events());
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(key + ".events", e.getMessage());
            }
            List<CidrBlock> allowed = source.allowedCidrs() == null ? settings.allowedCidrs()
                    : cidrs(key + ".allowed-cidrs", source.allowedCidrs());
            RequestGuard guard = new RequestGuard(new ClientAddressResolver(settings.trustedProxies()), allowed);
            EventAge age = new EventAge(SettingsValidator.maxEventAge(key + ".max-event-age",
                    source.maxEventAge() == null ? defaultMaxEventAge : source.maxEventAge(), dedupRetention), clock);
            sources.add(new WebhookSource(name, source.path(), profile, events, guard, age));
        }
        webhookPaths = Set.copyOf(paths);
    }

    /** Every path webhooks arrive on: {@code router.webhook.path} and each source's. */
    public Set<String> webhookPaths() {
        return webhookPaths;
    }

    /** The configured sources, by name. */
    public List<WebhookSource> sources() {
        return List.copyOf(sources);
    }

    private static WebhookProfile profile(String key, SourcesProperties.Source source, List<String> secrets, Clock clock) {
        return switch (source.profile()) {
            case VOBIZ_LEGACY -> new VobizLegacyProfile(source.signatureHeader(), secrets);
            case VOBIZ_MESSAGING -> new VobizMessagingProfile(secrets);
            case META_WHATSAPP -> {
                if (source.verifyToken() == null || source.verifyToken().isBlank()) {
                    throw new InvalidSettingException(key + ".verify-token",
                            "meta-whatsapp needs the Verify token set in the Meta app's webhook settings");
                }
                yield new MetaWhatsAppProfile(secrets, source.verifyToken(), source.maxEvents());
            }
            case STANDARD_WEBHOOKS -> {
                for (String secret : secrets) {
                    int length;
                    try {
                        length = StandardWebhooksProfile.key(secret).length;
                    } catch (IllegalArgumentException notBase64) {
                        length = -1;
                    }
                    if (length < 24 || length > 64) {
                        throw new InvalidSettingException(key + ".secrets",
                                "each must be whsec_ followed by the base64 of 24 to 64 bytes, as Standard Webhooks senders issue them");
                    }
                }
                if (source.tolerance().isNegative() || source.tolerance().isZero()) {
                    throw new InvalidSettingException(key + ".tolerance", "must be a positive duration such as 5m");
                }
                yield new StandardWebhooksProfile(secrets, source.tolerance(), clock);
            }
        };
    }

    private static List<String> defaultEvents(SourcesProperties.Profile profile, EventSettings events) {
        return switch (profile) {
            case VOBIZ_LEGACY -> List.copyOf(events.enabled());
            case VOBIZ_MESSAGING, META_WHATSAPP -> WHATSAPP_EVENTS;
            case STANDARD_WEBHOOKS -> List.of("*");
        };
    }

    private static List<CidrBlock> cidrs(String key, List<String> values) {
        List<CidrBlock> blocks = new ArrayList<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                continue;
            }
            try {
                blocks.add(CidrBlock.parse(value.trim()));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(key, e.getMessage());
            }
        }
        return List.copyOf(blocks);
    }
}
