package com.vobizrouter.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The router's own settings under {@code router.*}, bound from {@code application.yaml} and
 * environment variables. This class only carries values; {@link RouterSettings} checks
 * them once at start-up. Secrets must never reach a log line, so the class holding them prints
 * only how many there are.
 */
@ConfigurationProperties(prefix = "router")
public class RouterProperties {

    private final Webhook webhook = new Webhook();
    private final Events events = new Events();
    private final Dedup dedup = new Dedup();
    private final Storage storage = new Storage();
    private final Dispatch dispatch = new Dispatch();
    private final Sinks sinks = new Sinks();
    private final Admin admin = new Admin();
    private final Health health = new Health();

    public Webhook getWebhook() {
        return webhook;
    }

    public Events getEvents() {
        return events;
    }

    public Dedup getDedup() {
        return dedup;
    }

    public Dispatch getDispatch() {
        return dispatch;
    }

    public Storage getStorage() {
        return storage;
    }

    public Sinks getSinks() {
        return sinks;
    }

    public Admin getAdmin() {
        return admin;
    }

    public Health getHealth() {
        return health;
    }

    /** The admin API on the management port. */
    public static class Admin {
        private String token = "";
        private Duration rejectionsRetention = Duration.ofDays(7);
        private int rejectionsMax = 10_000;

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }

        public Duration getRejectionsRetention() {
            return rejectionsRetention;
        }

        public void setRejectionsRetention(Duration rejectionsRetention) {
            this.rejectionsRetention = rejectionsRetention;
        }

        public int getRejectionsMax() {
            return rejectionsMax;
        }

        public void setRejectionsMax(int rejectionsMax) {
            this.rejectionsMax = rejectionsMax;
        }

        @Override
        public String toString() {
            return "Admin[token=" + (token == null || token.isBlank() ? "unset" : "set") + "]";
        }
    }

    /** When the inbox backlog makes readiness report DEGRADED. */
    public static class Health {
        private int backlogMaxSize = 10_000;
        private Duration backlogMaxAge = Duration.ofMinutes(5);

        public int getBacklogMaxSize() {
            return backlogMaxSize;
        }

        public void setBacklogMaxSize(int backlogMaxSize) {
            this.backlogMaxSize = backlogMaxSize;
        }

        public Duration getBacklogMaxAge() {
            return backlogMaxAge;
        }

        public void setBacklogMaxAge(Duration backlogMaxAge) {
            this.backlogMaxAge = backlogMaxAge;
        }
    }

    /** Ingress settings: where webhooks arrive and how they are authenticated. */
    public static class Webhook {
        private String path = "/webhooks/vobiz";
        private String signatureHeader = "X-Vobiz-Signature";
        private List<String> secrets = new ArrayList<>();
        private boolean allowUnsigned = false;
        private long maxBodyBytes = 1_048_576;
        private Duration bodyReadTimeout = Duration.ofSeconds(10);
        private List<String> allowedCidrs = new ArrayList<>();
        private List<String> trustedProxies = new ArrayList<>();

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public String getSignatureHeader() {
            return signatureHeader;
        }

        public void setSignatureHeader(String signatureHeader) {
            this.signatureHeader = signatureHeader;
        }

        public List<String> getSecrets() {
            return secrets;
        }

        public void setSecrets(List<String> secrets) {
            this.secrets = secrets;
        }

        public boolean isAllowUnsigned() {
            return allowUnsigned;
        }

        public void setAllowUnsigned(boolean allowUnsigned) {
            this.allowUnsigned = allowUnsigned;
        }

        public long getMaxBodyBytes() {
            return maxBodyBytes;
        }

        public void setMaxBodyBytes(long maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
        }

        public Duration getBodyReadTimeout() {
            return bodyReadTimeout;
        }

        public void setBodyReadTimeout(Duration bodyReadTimeout) {
            this.bodyReadTimeout = bodyReadTimeout;
        }

        public List<String> getAllowedCidrs() {
            return allowedCidrs;
        }

        public void setAllowedCidrs(List<String> allowedCidrs) {
            this.allowedCidrs = allowedCidrs;
        }

        public List<String> getTrustedProxies() {
            return trustedProxies;
        }

        public void setTrustedProxies(List<String> trustedProxies) {
            this.trustedProxies = trustedProxies;
        }

        @Override
        public String toString() {
            return "Webhook[path=" + path + ", signatureHeader=" + signatureHeader + ", secrets="
                    + secrets.size() + " configured, allowUnsigned=" + allowUnsigned + "]";
        }
    }

    /**
     * Which event types are dispatched; the others are answered {@code ignored}. The types are
     * configuration (application.yaml names them), not code: any well-formed name may be enabled.
     */
    public static class Events {
        private Set<String> enabled = new LinkedHashSet<>();

        public Set<String> getEnabled() {
            return enabled;
        }

        public void setEnabled(Set<String> enabled) {
            this.enabled = enabled;
        }
    }

    /** How long event ids are remembered, and how often old ones are purged. */
    public static class Dedup {
        private Duration retention = Duration.ofDays(7);
        private Duration purgeInterval = Duration.ofHours(1);

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }

        public Duration getPurgeInterval() {
            return purgeInterval;
        }

        public void setPurgeInterval(Duration purgeInterval) {
            this.purgeInterval = purgeInterval;
        }
    }

    /** How intake stores events: concurrent requests share a transaction (group commit). */
    public static class Storage {
        private int writers = 2;
        private int maxBatch = 64;
        private Duration answerTimeout = Duration.ofSeconds(4);

        public int getWriters() {
            return writers;
        }

        public void setWriters(int writers) {
            this.writers = writers;
        }

        public int getMaxBatch() {
            return maxBatch;
        }

        public void setMaxBatch(int maxBatch) {
            this.maxBatch = maxBatch;
        }

        public Duration getAnswerTimeout() {
            return answerTimeout;
        }

        public void setAnswerTimeout(Duration answerTimeout) {
            this.answerTimeout = answerTimeout;
        }
    }

    /** How accepted events leave the inbox: concurrency, batches, leases and the retry policy. */
    public static class Dispatch {
        private int maxAttempts = 12;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofMinutes(5);
        private int concurrency = 32;
        private int batchSize = 50;
        private Duration pollInterval = Duration.ofMillis(250);
        private Duration lease = Duration.ofMinutes(5);
        private Duration parkedRecheck = Duration.ofSeconds(30);

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        public Duration getLease() {
            return lease;
        }

        public void setLease(Duration lease) {
            this.lease = lease;
        }

        public Duration getParkedRecheck() {
            return parkedRecheck;
        }

        public void setParkedRecheck(Duration parkedRecheck) {
            this.parkedRecheck = parkedRecheck;
        }
    }

    /** Settings of the business-system sinks that are not Camel component settings. */
    public static class Sinks {
        private final Salesforce salesforce = new Salesforce();

        public Salesforce getSalesforce() {
            return salesforce;
        }

        /** The Salesforce Contact sink. */
        public static class Salesforce {
            private String contactExternalIdField = "Vobiz_Contact_Id__c";
            private Duration batchLinger = Duration.ofMillis(50);

            public Duration getBatchLinger() {
                return batchLinger;
            }

            public void setBatchLinger(Duration batchLinger) {
                this.batchLinger = batchLinger;
            }

            public String getContactExternalIdField() {
                return contactExternalIdField;
            }

            public void setContactExternalIdField(String contactExternalIdField) {
                this.contactExternalIdField = contactExternalIdField;
            }
        }
    }
}
