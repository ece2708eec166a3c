package com.vobizrouter.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class gets a {@link FakeBusinessSystems} of its own, started before its first test
 * and stopped by JUnit after its last: as a parameter of that type (test, lifecycle method or
 * constructor) and in every instance field of that type. On a {@link RouterTest} the router's
 * Salesforce and Zendesk components point at it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FakeBusinessSystemsExtension.class)
public @interface WithFakeBusinessSystems {

    /** Whether the router gets Zendesk credentials too; without them its Zendesk sink is parked. */
    boolean zendesk() default true;
}
