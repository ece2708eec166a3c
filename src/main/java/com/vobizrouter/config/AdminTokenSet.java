package com.vobizrouter.config;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code router.admin.token} is set (not blank). The token is read as a value,
 * never written into an expression: a SpEL condition with the property
 * pasted in ({@code '${router.admin.token:}'}) let a token with a quote break the expression,
 * stop start-up and print the token in the failure.
 */
public class AdminTokenSet implements Condition {

    static final String KEY = "router.admin.token";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        // Bound as AdminSettings binds it: a "${" in the token that names no setting stays as it is,
        // where Environment.getProperty would fail on it with the token in the message.
        return Binder.get(context.getEnvironment()).bind(KEY, String.class).map(token -> !token.isBlank()).orElse(false);
    }
}
