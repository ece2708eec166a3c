package com.vobizrouter.config;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.Duration;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.springframework.boot.convert.DurationStyle;

/**
 * A duration setting that must be set and at least {@link #value()}, written as in
 * {@code application.yaml} ({@code 1ms}, {@code 1s}); refused with "must be at least 1s".
 */
@Documented
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = AtLeast.Check.class)
public @interface AtLeast {

    /** The shortest duration allowed, such as {@code 1s}. */
    String value();

    String message() default "must be at least {value}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks a {@link Duration} against the annotation's value. */
    class Check implements ConstraintValidator<AtLeast, Duration> {

        private Duration least;

        @Override
        public void initialize(AtLeast annotation) {
            least = DurationStyle.SIMPLE.parse(annotation.value());
        }

        @Override
        public boolean isValid(Duration value, ConstraintValidatorContext context) {
            return value != null && value.compareTo(least) >= 0;
        }
    }
}
