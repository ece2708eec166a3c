package com.vobizrouter.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A whole router (Spring Boot, Camel routes from {@code routes/}, Tomcat) for a test class, with
 * webhooks on a random port and the management server on another. The value holds the class's
 * router settings, as {@code key=value} lines that win over application.yaml.
 *
 * <p>A {@link WebhookClient} for {@code /webhooks/vobiz}, signing with the router's current
 * secret (the first of {@code router.webhook.secrets}), is given to any test, lifecycle method or
 * constructor parameter of that type and to any instance field of that type.
 *
 * <p>Spring caches one context per distinct configuration: two classes with the same settings
 * share a router (and its database), classes that differ in any setting get one each.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "management.server.port=0")
@ExtendWith(RouterTest.Webhooks.class)
public @interface RouterTest {

    /** The router's settings for this class, {@code key=value}. */
    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] value() default {};

    /** Gives tests a {@link WebhookClient} to the router of their Spring context. */
    final class Webhooks implements ParameterResolver, TestInstancePostProcessor {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == WebhookClient.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return client(context);
        }

        @Override
        public void postProcessTestInstance(Object instance, ExtensionContext context) throws IllegalAccessException {
            for (Class<?> type = instance.getClass(); type != Object.class; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    int modifiers = field.getModifiers();
                    if (field.getType() == WebhookClient.class && !Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers)) {
                        field.setAccessible(true);
                        field.set(instance, client(context));
                    }
                }
            }
        }

        private static WebhookClient client(ExtensionContext context) {
            Environment router = SpringExtension.getApplicationContext(context).getEnvironment();
            String secret = router.getRequiredProperty("router.webhook.secrets").split(",")[0].trim();
            return new WebhookClient(router.getRequiredProperty("local.server.port", Integer.class), "/webhooks/vobiz", secret);
        }
    }
}
