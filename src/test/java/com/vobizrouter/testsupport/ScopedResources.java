package com.vobizrouter.testsupport;

import java.util.function.Supplier;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Resources that test parameters hand out for the JUnit scope that asks: one per test method
 * (shared with its {@code @BeforeEach}), or one per class when {@code @BeforeAll} asks. JUnit
 * closes each when its scope ends.
 */
final class ScopedResources {

    private ScopedResources() {
    }

    static <T extends AutoCloseable> T get(ExtensionContext context, Class<T> type, Supplier<T> create) {
        return type.cast(context.getStore(ExtensionContext.Namespace.create(ScopedResources.class))
                .getOrComputeIfAbsent(type, key -> new Closing(create.get()), Closing.class).resource());
    }

    private record Closing(AutoCloseable resource) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Exception {
            resource.close();
        }
    }
}
