package com.vobizrouter.config;

import java.util.ArrayList;
import java.util.List;

import com.vobizrouter.intake.CidrBlock;

/**
 * {@link RouterProperties} checked and turned into the values the intake needs. Construction
 * fails with an {@link InvalidSettingException} naming the key at the first bad setting, so a
 * misconfigured router never starts.
 */
public final class RouterSettings {

    private final List<String> secrets;
    private final List<CidrBlock> allowedCidrs;
    private final List<CidrBlock> trustedProxies;

    public RouterSettings(RouterProperties properties) {
        RouterProperties.Webhook webhook = properties.getWebhook();
        if (webhook.getPath() == null || !webhook.getPath().startsWith("/")) {
            throw new InvalidSettingException("router.webhook.path", "must start with '/'");
        }
        if (webhook.getSignatureHeader() == null || webhook.getSignatureHeader().isBlank()) {
            throw new InvalidSettingException("router.webhook.signature-header", "must not be empty");
        }
        if (webhook.getMaxBodyBytes() <= 0) {
            throw new InvalidSettingException("router.webhook.max-body-bytes", "must be a positive number of bytes");
        }
        if (webhook.getBodyReadTimeout() == null || webhook.getBodyReadTimeout().toMillis() < 1) {
            throw new InvalidSettingException("router.webhook.body-read-timeout", "must be a positive duration such as 10s");
        }
        this.secrets = webhook.getSecrets().stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (secrets.isEmpty() && !webhook.isAllowUnsigned()) {
            throw new InvalidSettingException("router.webhook.secrets",
                    "no webhook secret configured; set ROUTER_WEBHOOK_SECRETS (comma-separated) "
                            + "or router.webhook.allow-unsigned=true for local trials only");
        }
        this.allowedCidrs = parseCidrs("router.webhook.allowed-cidrs", webhook.getAllowedCidrs());
        this.trustedProxies = parseCidrs("router.webhook.trusted-proxies", webhook.getTrustedProxies());

        for (String type : properties.getEvents().getEnabled()) {
            if (type == null || !type.matches("[A-Za-z0-9]+([._-][A-Za-z0-9]+)*")) {
                throw new InvalidSettingException("router.events.enabled", "'" + type + "' is not an event type name such as order.shipped");
            }
        }
        RouterProperties.Dedup dedup = properties.getDedup();
        if (dedup.getRetention() == null || dedup.getRetention().isNegative() || dedup.getRetention().isZero()) {
            throw new InvalidSettingException("router.dedup.retention", "must be a positive duration such as P7D");
        }
        if (dedup.getPurgeInterval() == null || dedup.getPurgeInterval().toSeconds() < 1) {
            throw new InvalidSettingException("router.dedup.purge-interval", "must be at least one second");
        }
        RouterProperties.Storage storage = properties.getStorage();
        if (storage.getWriters() < 1) {
            throw new InvalidSettingException("router.storage.writers", "must be at least 1");
        }
        if (storage.getMaxBatch() < 1) {
            throw new InvalidSettingException("router.storage.max-batch", "must be at least 1");
        }
        if (storage.getAnswerTimeout().isNegative() || storage.getAnswerTimeout().isZero()) {
            throw new InvalidSettingException("router.storage.answer-timeout", "must be positive");
        }
        RouterProperties.Dispatch dispatch = properties.getDispatch();
        if (dispatch.getMaxAttempts() < 1) {
            throw new InvalidSettingException("router.dispatch.max-attempts", "must be at least 1");
        }
        if (dispatch.getConcurrency() < 1) {
            throw new InvalidSettingException("router.dispatch.concurrency", "must be at least 1");
        }
        if (dispatch.getBatchSize() < 1) {
            throw new InvalidSettingException("router.dispatch.batch-size", "must be at least 1");
        }
        if (dispatch.getInitialBackoff().isNegative() || dispatch.getMaxBackoff().compareTo(dispatch.getInitialBackoff()) < 0) {
            throw new InvalidSettingException("router.dispatch.max-backoff", "must be at least router.dispatch.initial-backoff");
        }
        if (!properties.getSinks().getSalesforce().getContactExternalIdField().matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new InvalidSettingException("router.sinks.salesforce.contact-external-id-field",
                    "must be a Salesforce field API name such as Vobiz_Contact_Id__c");
        }
    }

    private static List<CidrBlock> parseCidrs(String key, List<String> values) {
        List<CidrBlock> blocks = new ArrayList<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                continue;
            }
            try {
                blocks.add(CidrBlock.parse(value));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(key, e.getMessage());
            }
        }
        return List.copyOf(blocks);
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
}
