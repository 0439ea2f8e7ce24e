package org.statekeeper.testing.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class only when the environment variable {@link #variable()} names a database: unset, the
 * class is reported as skipped with the line that enables it; set to something that is not a JDBC URL of
 * the expected kind, the class fails, so that a mistyped URL never silently skips a suite (on CI every
 * variable is set).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(DatabaseCondition.class)
public @interface RequiresDatabase {

    /** Returns the environment variable that holds the JDBC URL, such as {@value TestDatabase#PG_ENV}. */
    String variable();

    /** Returns how the URL must start, such as {@code jdbc:postgresql://}. */
    String prefix();

    /** Returns an example value, shown in the skip reason and in the failure. */
    String example();
}
