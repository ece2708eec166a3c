package com.vobizrouter.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The former name of {@link OnPostgres}, still on the PostgreSQL twins in {@code intake} and
 * {@code sources}; write {@link OnPostgres} (and {@link OnH2} on the H2 twin) instead.
 */
@Deprecated
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@OnPostgres
public @interface FreshPostgresSchema {
}
