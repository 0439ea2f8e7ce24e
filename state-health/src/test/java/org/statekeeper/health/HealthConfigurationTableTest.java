package org.statekeeper.health;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.statekeeper.core.runtime.StatekeeperSettings;
import org.statekeeper.testing.support.ConfigurationAssertions;
import org.statekeeper.testing.support.ConfigurationTable;

/** Every typed {@code state.health.*} property of the README's table rejects values beyond its bounds by name. */
class HealthConfigurationTableTest {

    private static HealthSettings read(Map<String, String> properties) {
        return HealthSettings.read(StatekeeperSettings.read(properties).source(), Duration.ofSeconds(1));
    }

    @Test
    void everyTypedHealthPropertyRejectsValuesBeyondItsBoundsNamingItselfAndItsRange() {
        int tried = 0;
        for (ConfigurationTable.Row row : ConfigurationTable.read(ConfigurationTable.readme())) {
            if (row.property().startsWith("state.health.")) {
                for (String bad : row.badValues()) {
                    ConfigurationAssertions.assertRejected(HealthConfigurationTableTest::read, row.property(), bad,
                            "accepted values: ");
                    tried++;
                }
            }
        }
        assertTrue(tried >= 4, tried + " values tried");
    }
}
