package org.statekeeper.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.core.runtime.StatekeeperSettings;

class HealthSettingsTest {

    private static HealthSettings read(Map<String, String> properties) {
        return HealthSettings.read(StatekeeperSettings.read(properties).source(), Duration.ofSeconds(1));
    }

    @Test
    void defaultsAreStoreNotRequiredAndTwoMinutes() {
        HealthSettings settings = read(Map.of());
        assertFalse(settings.storeRequired());
        assertEquals(Duration.ofMinutes(2), settings.stallAfter());
        assertTrue(read(Map.of(HealthSettings.STORE_REQUIRED, "true")).storeRequired());
    }

    @Test
    void aWrongValueNamesTheProperty() {
        StateConfigurationException e = assertThrows(StateConfigurationException.class,
                () -> read(Map.of(HealthSettings.STORE_REQUIRED, "yes")));
        assertTrue(e.getMessage().contains(HealthSettings.STORE_REQUIRED), e.getMessage());
        e = assertThrows(StateConfigurationException.class, () -> read(Map.of(HealthSettings.STALL_AFTER, "2s")));
        assertTrue(e.getMessage().contains(HealthSettings.STALL_AFTER) && e.getMessage().contains("heal"), e.getMessage());
    }
}
