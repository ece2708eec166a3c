package com.vobizrouter.config;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.vobizrouter.inbox.InboxEvent;
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
 * The sources intake serves: the built-in source {@code vobiz} of {@code router.webhook} (profile
 * {@code vobiz-legacy}, processorName {@code vobiz-webhook}, dispatching {@code router.events.enabled}),
 * then those of {@link SourcesSettings} by name, each left out when switched off ({@code enabled: false}).
 * Construction fails with an {@link InvalidSettingException} naming the key at the first bad
 * setting, so a misconfigured source never starts: a name or path taken by another source (or by
 * {@code router.webhook}), no secret, a Meta source without its verify token, a Standard Webhooks
 * secret that is not {@code whsec_} and base64, an unknown event pattern, a bad address range,
 * a {@code max-events} below 1, a {@code max-event-age} not shorter than {@code router.dedup.retention}.
 */
public final class WebhookSources {

    /** {@code processorName} of the idempotency keys of the built-in source {@code vobiz}. */
    public static final String VOBIZ_PROCESSOR_NAME = "vobiz-webhook";

    /** What the WhatsApp-format profiles dispatch unless told otherwise. */
    static final List<String> WHATSAPP_EVENTS = List.of(VobizMessagingProfile.INBOUND, VobizMessagingProfile.STATUS, "call.*");

    private final List<WebhookSource> sources = new ArrayList<>();
    private final Set<String> webhookPaths;

    public WebhookSources(SourcesSettings properties, WebhookSettings webhook, EventSettings legacyEvents, SettingsValidator settings,
            Duration dedupRetention, Clock clock) {
        Set<String> paths = new HashSet<>();
        // Every source's default, so a bad value is reported under its own key.
        Duration defaultMaxEventAge = SettingsValidator.maxEventAge("router.webhook.max-event-age", webhook.maxEventAge(), dedupRetention);
        RequestGuard defaultGuard = new RequestGuard(new ClientAddressResolver(settings.trustedProxies()), settings.allowedCidrs());
        if (webhook.enabled()) {
            paths.add(webhook.path());
            sources.add(new WebhookSource(InboxEvent.LEGACY_SOURCE, VOBIZ_PROCESSOR_NAME, webhook.path(),
                    new VobizLegacyProfile(webhook.signatureHeader(), settings.secrets()), EventTypes.of(legacyEvents.enabled()),
                    defaultGuard, new EventAge(defaultMaxEventAge, clock)));
        }
        for (Map.Entry<String, SourcesSettings.Source> entry : properties.byName().entrySet()) {
            String name = entry.getKey();
            SourcesSettings.Source source = entry.getValue();
            String key = "router.sources." + name;
            if (InboxEvent.LEGACY_SOURCE.equals(name)) {
                throw new InvalidSettingException(key, "'vobiz' is the source of router.webhook; give this source another name");
            }
            if (!source.enabled()) {
                continue;
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
            RequestGuard guard = source.allowedCidrs() == null ? defaultGuard
                    : new RequestGuard(new ClientAddressResolver(settings.trustedProxies()), SettingsValidator.parseCidrs(key + ".allowed-cidrs", source.allowedCidrs()));
            EventAge age = new EventAge(SettingsValidator.maxEventAge(key + ".max-event-age",
                    source.maxEventAge() == null ? defaultMaxEventAge : source.maxEventAge(), dedupRetention), clock);
            sources.add(new WebhookSource(name, WebhookSource.processorName(name), source.path(), profile, events, guard, age));
        }
        webhookPaths = Set.copyOf(paths);
        if (sources.isEmpty()) {
            throw new InvalidSettingException("router.webhook.enabled",
                    "false and no source under router.sources is enabled: the router would take no webhook");
        }
    }

    /** Every path webhooks arrive on: one per enabled source. */
    public Set<String> webhookPaths() {
        return webhookPaths;
    }

    /** The enabled sources: {@code vobiz} first, then the others by name. */
    public List<WebhookSource> sources() {
        return List.copyOf(sources);
    }

    private static WebhookProfile profile(String key, SourcesSettings.Source source, List<String> secrets, Clock clock) {
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

    private static List<String> defaultEvents(SourcesSettings.Profile profile, EventSettings events) {
        return switch (profile) {
            case VOBIZ_LEGACY -> List.copyOf(events.enabled());
            case VOBIZ_MESSAGING, META_WHATSAPP -> WHATSAPP_EVENTS;
            case STANDARD_WEBHOOKS -> List.of("*");
        };
    }
}
