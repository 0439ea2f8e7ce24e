package org.statekeeper.spi;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Statekeeper's configuration properties ({@code state.*}) as a plugin reads them, whatever their source
 * (MicroProfile Config in a container, the builder in Java SE). Every typed read validates: a wrong
 * value throws {@link org.statekeeper.StateConfigurationException} naming the property, the value and
 * what is accepted, so every plugin reports errors the same way.
 */
public interface Settings {

    /** Returns the property's value without surrounding blanks, or empty when it is unset. */
    Optional<String> value(String property);

    /** Returns the property's value, or {@code defaultValue} when unset, if it is one of {@code accepted}. */
    String oneOf(String property, String defaultValue, List<String> accepted);

    /** Returns the property as an integer from {@code min} to {@code max}, or {@code defaultValue} when unset. */
    int intIn(String property, int defaultValue, int min, int max);

    /**
     * Returns the property as a duration from {@code min} to {@code max}, written as ISO-8601
     * ({@code PT2S}) or as a number with a unit ({@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h},
     * {@code 30d}), or {@code defaultValue} when unset.
     */
    Duration duration(String property, Duration defaultValue, Duration min, Duration max);
}
