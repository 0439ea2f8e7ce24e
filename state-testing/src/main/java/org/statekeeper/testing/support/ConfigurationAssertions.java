package org.statekeeper.testing.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Function;
import org.statekeeper.StateConfigurationException;

/** Checks of configuration errors: the operator must be able to fix the value from the message alone. */
public final class ConfigurationAssertions {

    private ConfigurationAssertions() {
    }

    /**
     * Asserts that reading {@code property=value} through {@code read} fails with a
     * {@link StateConfigurationException} naming the property, quoting the value and saying what is accepted.
     *
     * @param read reads a configuration from properties, as the runtime or a store plugin does
     * @param property the property set
     * @param value its wrong value
     * @param accepted parts of the message that say what is accepted
     * @return the exception, for more checks
     */
    public static StateConfigurationException assertRejected(Function<Map<String, String>, ?> read, String property,
            String value, String... accepted) {
        StateConfigurationException e = assertThrows(StateConfigurationException.class,
                () -> read.apply(Map.of(property, value)), property + "=" + value);
        assertEquals(property, e.getKey());
        String message = e.getMessage();
        assertTrue(message.contains(property), message);
        assertTrue(message.contains("\"" + value.trim() + "\""), message);
        for (String a : accepted) {
            assertTrue(message.contains(a), message);
        }
        return e;
    }
}
