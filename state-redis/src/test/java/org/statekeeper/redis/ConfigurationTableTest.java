package org.statekeeper.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.core.runtime.StatekeeperSettings;
import org.statekeeper.testing.support.ConfigurationAssertions;
import org.statekeeper.testing.support.ConfigurationTable;

/**
 * Every duration, number and word-list property of the README's configuration table read by the runtime
 * or the Redis plugin, at values beyond its bounds or too large to represent, fails with a
 * StateConfigurationException naming the property and what it accepts (never a bare ArithmeticException).
 */
class ConfigurationTableTest {

    /** Read by the optional modules, tested there. */
    private static final List<String> ELSEWHERE = List.of("state.push", "state.admin.", "state.health.");

    private static Object read(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(Map.of("state.store", "redis", "state.redis.uri", "redis://127.0.0.1:6379"));
        all.putAll(properties);
        return RedisStoreProvider.settings(StatekeeperSettings.read(all).source());
    }

    @Test
    void everyTypedPropertyRejectsValuesBeyondItsBoundsNamingItselfAndItsRange() {
        int tried = 0;
        for (ConfigurationTable.Row row : ConfigurationTable.read(ConfigurationTable.readme())) {
            if (ELSEWHERE.stream().anyMatch(row.property()::startsWith)) {
                continue;
            }
            for (String bad : row.badValues()) {
                StateConfigurationException e = ConfigurationAssertions.assertRejected(ConfigurationTableTest::read,
                        row.property(), bad, "accepted values: ");
                assertFalse(e.getMessage().contains("ArithmeticException"), e.getMessage());
                tried++;
            }
        }
        assertTrue(tried > 60, "the README's table was read: " + tried + " values tried");
    }
}
