package com.vobizrouter.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * This test class runs on embedded H2, in an in-memory database of its own ({@link TestDatabase}).
 * The way to run tests on both databases: an abstract {@code XxxTest} holds the tests, and
 * {@code @OnH2 class H2XxxTest extends XxxTest {}} and {@code @OnPostgres class PostgresXxxTest
 * extends XxxTest {}} run them, so a failure names its database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TestDatabase.Resolver.class)
public @interface OnH2 {
}
