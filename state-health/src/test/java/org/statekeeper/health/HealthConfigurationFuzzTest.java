package org.statekeeper.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.statekeeper.core.runtime.StatekeeperSettings;
import org.statekeeper.testing.fuzz.ConfigurationFuzz;

/**
 * Fuzzes every {@code state.health.*} property of the README's table: whatever string it holds, the health
 * settings are read or fail with a {@code StateConfigurationException} naming that property.
 */
class HealthConfigurationFuzzTest {

    static final List<String> PROPERTIES = List.of(HealthSettings.STORE_REQUIRED, HealthSettings.STALL_AFTER);

    private static HealthSettings read(Map<String, String> properties) {
        return HealthSettings.read(StatekeeperSettings.read(properties).source(), Duration.ofSeconds(1));
    }

    @Test
    void everyHealthPropertyAcceptsAnyStringOrNamesItself() {
        ConfigurationFuzz.checkEach("HealthConfigurationFuzzTest.everyHealthPropertyAcceptsAnyStringOrNamesItself",
                HealthConfigurationFuzzTest::read, Map.of(), PROPERTIES);
    }

    @Test
    void theFuzzedPropertiesAreTheREADMEsHealthProperties() {
        assertEquals(ConfigurationFuzz.documentedProperties("state.health."), PROPERTIES);
    }
}
