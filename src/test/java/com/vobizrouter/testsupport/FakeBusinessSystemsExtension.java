package com.vobizrouter.testsupport;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Runs the {@link FakeBusinessSystems} of a {@link WithFakeBusinessSystems} test class: one per
 * class, kept in the class's JUnit store so that JUnit closes it when the class is done, and
 * handed to the class's parameters and fields. {@link RouterProperties} gives the Spring
 * context of the same class the settings that point the router at it.
 */
public final class FakeBusinessSystemsExtension implements BeforeAllCallback, TestInstancePostProcessor, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FakeBusinessSystemsExtension.class);
    /**
     * The fakes of each running test class. Spring may load the class's context before or after
     * JUnit calls this extension; both find the same fakes here.
     */
    private static final Map<Class<?>, FakeBusinessSystems> RUNNING = new ConcurrentHashMap<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        fakes(context);
    }

    @Override
    public void postProcessTestInstance(Object instance, ExtensionContext context) throws IllegalAccessException {
        for (Class<?> type = instance.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (field.getType() == FakeBusinessSystems.class && !Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers)) {
                    field.setAccessible(true);
                    field.set(instance, fakes(context));
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeBusinessSystems.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return fakes(context);
    }

    private static FakeBusinessSystems fakes(ExtensionContext context) {
        ExtensionContext testClass = context;
        while (testClass.getTestMethod().isPresent()) {
            testClass = testClass.getParent().orElseThrow();
        }
        Class<?> type = testClass.getRequiredTestClass();
        return testClass.getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> new Running(type, of(type)), Running.class)
                .fakes();
    }

    private static FakeBusinessSystems of(Class<?> testClass) {
        return RUNNING.computeIfAbsent(testClass, key -> new FakeBusinessSystems());
    }

    /** The fakes of one test class; JUnit closes it with the class. */
    private record Running(Class<?> testClass, FakeBusinessSystems fakes) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            RUNNING.remove(testClass, fakes);
            fakes.close();
        }
    }

    /**
     * Puts the Salesforce and Zendesk settings of the class's fakes into its Spring context, above
     * every other source. The context is the class's own: its cache key holds the test class.
     * Registered in {@code META-INF/spring.factories}.
     */
    public static final class RouterProperties implements ContextCustomizerFactory {
        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
            WithFakeBusinessSystems settings = TestContextAnnotationUtils.findMergedAnnotation(testClass, WithFakeBusinessSystems.class);
            return settings == null ? null : new PointAtFakes(testClass, settings.zendesk());
        }
    }

    private record PointAtFakes(Class<?> testClass, boolean zendesk) implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            Map<String, Object> properties = new LinkedHashMap<>();
            of(testClass).routerProperties().forEach((key, value) -> {
                if (zendesk || !key.startsWith("camel.component.zendesk.")) {
                    properties.put(key, value);
                }
            });
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("fakeBusinessSystems", properties));
        }
    }
}
