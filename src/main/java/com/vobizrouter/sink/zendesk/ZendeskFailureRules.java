package com.vobizrouter.sink.zendesk;

import java.time.Duration;

import com.vobizrouter.dispatch.Failure;
import com.vobizrouter.dispatch.FailureRules;
import org.zendesk.client.v2.ZendeskResponseException;
import org.zendesk.client.v2.ZendeskResponseRateLimitException;

/**
 * Zendesk's failures: a rate limit (429) pauses the Zendesk sink on every instance for its
 * {@code Retry-After}, without spending the event's attempts; other answers by HTTP status.
 */
public class ZendeskFailureRules implements FailureRules {

    @Override
    public Failure classify(Throwable cause) {
        if (cause instanceof ZendeskResponseRateLimitException limited) {
            return Failure.rateLimited("Zendesk rate limit (429)", limited.getBody(),
                    limited.getRetryAfter() > 0 ? Duration.ofSeconds(limited.getRetryAfter()) : null);
        }
        if (cause instanceof ZendeskResponseException zendesk) {
            return Failure.http("Zendesk", zendesk.getStatusCode(), zendesk.getStatusText(), zendesk.getBody());
        }
        return null;
    }

    @Override
    public Integer httpStatus(Throwable cause) {
        return cause instanceof ZendeskResponseException zendesk ? zendesk.getStatusCode() : null;
    }
}
