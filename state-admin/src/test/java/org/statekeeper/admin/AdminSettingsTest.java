package org.statekeeper.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.core.runtime.StatekeeperSettings;

/** The console's properties: off without a role, and errors naming the property. */
class AdminSettingsTest {

    private static AdminSettings read(Map<String, String> properties) {
        return AdminSettings.read(StatekeeperSettings.read(properties).source());
    }

    @Test
    void theConsoleIsOffUnlessARoleIsNamed() {
        assertEquals(new AdminSettings(Optional.empty(), "/statekeeper/admin"), read(Map.of()));
        assertEquals(new AdminSettings(Optional.of("operator"), "/ops"),
                read(Map.of("state.admin.role", "operator", "state.admin.path", "/ops")));
    }

    @Test
    void wrongValuesFailNamingTheProperty() {
        for (Map.Entry<String, String> bad : Map.of("state.admin.role", "operators and admins",
                "state.admin.path", "/ops/").entrySet()) {
            StateConfigurationException e = assertThrows(StateConfigurationException.class,
                    () -> read(Map.of(bad.getKey(), bad.getValue())));
            assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
        }
    }
}
