package org.statekeeper.admin.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.statekeeper.admin.AdminSettings;
import org.statekeeper.core.runtime.StatekeeperSettings;
import org.statekeeper.testing.fuzz.ConfigurationFuzz;

/**
 * Fuzzes every {@code state.admin.*} property of the README's table: whatever string it holds, the console's
 * settings are read or fail with a {@code StateConfigurationException} naming that property.
 */
class AdminConfigurationFuzzTest {

    static final List<String> PROPERTIES = List.of(AdminSettings.ROLE, AdminSettings.PATH);

    private static AdminSettings read(Map<String, String> properties) {
        return AdminSettings.read(StatekeeperSettings.read(properties).source());
    }

    @Test
    void everyConsolePropertyAcceptsAnyStringOrNamesItself() {
        ConfigurationFuzz.checkEach("AdminConfigurationFuzzTest.everyConsolePropertyAcceptsAnyStringOrNamesItself",
                AdminConfigurationFuzzTest::read, Map.of(), PROPERTIES);
    }

    @Test
    void theFuzzedPropertiesAreTheREADMEsConsoleProperties() {
        assertEquals(ConfigurationFuzz.documentedProperties("state.admin."), PROPERTIES);
    }
}
