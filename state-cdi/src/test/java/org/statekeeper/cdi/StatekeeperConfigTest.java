package org.statekeeper.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.core.Limits;

class StatekeeperConfigTest {

    private static StatekeeperConfig from(Map<String, String> properties) {
        return StatekeeperConfig.from(name -> Optional.ofNullable(properties.get(name)));
    }

    /** Asserts the operator can fix the value from the message alone: property, value and choices. */
    private static StateConfigurationException rejected(String property, String value, String... accepted) {
        StateConfigurationException e = assertThrows(StateConfigurationException.class,
                () -> from(Map.of(property, value)), property + "=" + value);
        assertEquals(property, e.getKey());
        String message = e.getMessage();
        assertTrue(message.contains(property), message);
        assertTrue(message.contains("\"" + value.trim() + "\""), message);
        for (String a : accepted) {
            assertTrue(message.contains(a), message);
        }
        return e;
    }

    @Test
    void defaultsApplyWhenNothingIsConfigured() {
        StatekeeperConfig config = from(Map.of());
        assertEquals("memory", config.store());
        assertEquals(Limits.DEFAULTS, config.limits());
        assertFalse(config.nodeId().isBlank());
        assertTrue(config.nodeId().chars().noneMatch(Character::isISOControl), config.nodeId());
    }

    @Test
    void validValuesAreTakenTrimmed() {
        StatekeeperConfig config = from(Map.of(
                StatekeeperConfig.STORE, " memory ",
                StatekeeperConfig.MAX_KEY_LENGTH, " 100",
                StatekeeperConfig.MAX_VALUE_BYTES, "4096 ",
                StatekeeperConfig.NODE_ID, "  node-7 "));
        assertEquals("memory", config.store());
        assertEquals(new Limits(100, 4096), config.limits());
        assertEquals("node-7", config.nodeId());
    }

    @Test
    void boundsOfNumericPropertiesAreAccepted() {
        StatekeeperConfig low = from(Map.of(StatekeeperConfig.MAX_KEY_LENGTH, "1", StatekeeperConfig.MAX_VALUE_BYTES, "1"));
        assertEquals(new Limits(1, 1), low.limits());
        StatekeeperConfig high = from(Map.of(
                StatekeeperConfig.MAX_KEY_LENGTH, String.valueOf(Limits.KEY_COLUMN_LENGTH),
                StatekeeperConfig.MAX_VALUE_BYTES, String.valueOf(Limits.VALUE_COLUMN_LENGTH)));
        assertEquals(new Limits(Limits.KEY_COLUMN_LENGTH, Limits.VALUE_COLUMN_LENGTH), high.limits());
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "foo", "MEMORY", ""})
    void unknownStoreIsRejectedNamingAcceptedValues(String value) {
        rejected(StatekeeperConfig.STORE, value, "memory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "600", "513", "-3", "abc", "12.5", ""})
    void maxKeyLengthOutsideColumnWidthIsRejected(String value) {
        rejected(StatekeeperConfig.MAX_KEY_LENGTH, value, "1", String.valueOf(Limits.KEY_COLUMN_LENGTH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "0", "1048577", "99999999999999", "1MB"})
    void maxValueBytesOutsideColumnSizeIsRejected(String value) {
        rejected(StatekeeperConfig.MAX_VALUE_BYTES, value, "1", String.valueOf(Limits.VALUE_COLUMN_LENGTH));
    }

    @Test
    void nodeIdWithControlCharacterIsRejectedAndShownEscaped() {
        StateConfigurationException e = assertThrows(StateConfigurationException.class,
                () -> from(Map.of(StatekeeperConfig.NODE_ID, "node\u00011")));
        assertEquals(StatekeeperConfig.NODE_ID, e.getKey());
        assertTrue(e.getMessage().contains(StatekeeperConfig.NODE_ID), e.getMessage());
        assertTrue(e.getMessage().contains("\"node\\u00011\""), e.getMessage());
        assertTrue(e.getMessage().contains("printable"), e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), e.getMessage());
    }

    @Test
    void blankOrOverlongNodeIdIsRejected() {
        rejected(StatekeeperConfig.NODE_ID, "   ", "1 to 128");
        StateConfigurationException e = assertThrows(StateConfigurationException.class,
                () -> from(Map.of(StatekeeperConfig.NODE_ID, "n".repeat(129))));
        // An overlong value is shortened in the message but its length is given.
        assertTrue(e.getMessage().contains("129 chars") && e.getMessage().contains("1 to 128"), e.getMessage());
    }

    @Test
    void firstWrongPropertyIsTheOneReported() {
        StateConfigurationException e = assertThrows(StateConfigurationException.class, () -> from(Map.of(
                StatekeeperConfig.MAX_KEY_LENGTH, "abc",
                StatekeeperConfig.NODE_ID, "bad\nid")));
        assertEquals(StatekeeperConfig.MAX_KEY_LENGTH, e.getKey());
    }
}
