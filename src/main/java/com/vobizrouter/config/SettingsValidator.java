package com.vobizrouter.config;

import java.time.Duration;
import java.util.List;

import com.vobizrouter.intake.CidrBlock;

/**
 * The checks of the router's settings that Bean Validation cannot express on one field, and the
 * values they produce: webhook secrets (required unless unsigned requests are allowed), CIDRs
 * (parsed), and a retry policy whose longest wait is not shorter than its first. Construction
 * fails with an {@link InvalidSettingException} naming the key at the first bad setting, so a
 * misconfigured router never starts.
 */
public final class SettingsValidator {

    private final List<String> secrets;
    private final List<CidrBlock> allowedCidrs;
    private final List<CidrBlock> trustedProxies;

    public SettingsValidator(WebhookSettings webhook, DispatchSettings dispatch) {
        this.secrets = webhook.secrets().stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (secrets.isEmpty() && !webhook.allowUnsigned() && webhook.enabled()) {
            throw new InvalidSettingException("router.webhook.secrets",
                    "no webhook secret configured; set ROUTER_WEBHOOK_SECRETS (comma-separated) "
                            + "(or switch the source off with router.webhook.enabled=false; "
                            + "for a local trial with the demo profile only, router.webhook.allow-unsigned=true)");
        }
        this.allowedCidrs = parseCidrs("router.webhook.allowed-cidrs", webhook.allowedCidrs());
        this.trustedProxies = parseCidrs("router.webhook.trusted-proxies", webhook.trustedProxies());
        if (dispatch.maxBackoff().compareTo(dispatch.initialBackoff()) < 0) {
            throw new InvalidSettingException("router.dispatch.max-backoff", "must be at least router.dispatch.initial-backoff");
        }
        if (dispatch.leaseRenewal().multipliedBy(2).compareTo(dispatch.lease()) > 0) {
            throw new InvalidSettingException("router.dispatch.lease-renewal",
                    "must be at most half of router.dispatch.lease, so that a late renewal still lands in time");
        }
    }

    /**
     * A freshness window ({@code router.webhook.max-event-age} or a source's), checked: positive,
     * and shorter than {@code router.dedup.retention}, so that an event old enough to have had
     * its idempotency key purged is refused instead of being taken for a new one.
     *
     * @throws InvalidSettingException naming {@code key} otherwise
     */
    public static Duration maxEventAge(String key, Duration maxEventAge, Duration dedupRetention) {
        if (maxEventAge == null || maxEventAge.isNegative() || maxEventAge.isZero()) {
            throw new InvalidSettingException(key, "must be a positive duration such as 3d");
        }
        if (maxEventAge.compareTo(dedupRetention) >= 0) {
            throw new InvalidSettingException(key, "must be shorter than router.dedup.retention (" + RetentionConfiguration.readable(dedupRetention)
                    + "): a replayed event whose idempotency key was purged would be taken for a new one");
        }
        return maxEventAge;
    }

    /** A list of CIDRs, blank entries skipped; an {@link InvalidSettingException} naming {@code key} at a bad one. */
    static List<CidrBlock> parseCidrs(String key, List<String> values) {
        try {
            return CidrBlock.parseAll(values);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key, e.getMessage());
        }
    }

    /** The active webhook secrets, trimmed; empty only when unsigned requests are allowed. */
    public List<String> secrets() {
        return secrets;
    }

    public List<CidrBlock> allowedCidrs() {
        return allowedCidrs;
    }

    public List<CidrBlock> trustedProxies() {
        return trustedProxies;
    }

    @Override
    public String toString() {
        return "SettingsValidator[secrets=" + secrets.size() + " configured, allowedCidrs=" + allowedCidrs.size()
                + ", trustedProxies=" + trustedProxies.size() + "]";
    }
}
