package org.statekeeper.websocket;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.statekeeper.core.runtime.StatekeeperSettings;
import org.statekeeper.testing.support.ConfigurationAssertions;
import org.statekeeper.testing.support.ConfigurationTable;

/** Every number and word-list {@code state.push*} property of the README's table rejects values beyond its bounds by name. */
class PushConfigurationTableTest {

    private static PushSettings read(Map<String, String> properties) {
        return PushSettings.read(StatekeeperSettings.read(properties).source());
    }

    @Test
    void everyTypedPushPropertyRejectsValuesBeyondItsBoundsNamingItselfAndItsRange() {
        int tried = 0;
        for (ConfigurationTable.Row row : ConfigurationTable.read(ConfigurationTable.readme())) {
            if (row.property().startsWith("state.push")) {
                for (String bad : row.badValues()) {
                    ConfigurationAssertions.assertRejected(PushConfigurationTableTest::read, row.property(), bad,
                            "accepted values: ");
                    tried++;
                }
            }
        }
        assertTrue(tried > 20, tried + " values tried");
    }
}
