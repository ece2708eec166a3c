package com.vobizrouter.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * This test class runs on PostgreSQL, in a schema of its own ({@link TestDatabase}); its
 * {@link OnH2} twin runs the same tests on H2. Implies {@link RequiresPostgres}: tagged
 * {@code postgres}, skipped (or failing with {@code CI=true}) where PostgreSQL is unreachable.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@RequiresPostgres
@ExtendWith(TestDatabase.Resolver.class)
public @interface OnPostgres {
}
