package org.statekeeper.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.statekeeper.spi.StorePlugin;
import org.statekeeper.testing.fuzz.ConfigurationFuzz;

/**
 * Fuzzes the runtime's own configuration properties (every {@code state.*} row of the README's table
 * that no plugin or adapter reads): whatever string a property holds, reading the settings and opening the
 * store they name either works or fails with a {@code StateConfigurationException} naming that property.
 * Here in state-testing, beside {@code StatekeeperSettingsTest}, for its shared fuzz generators.
 */
class CoreConfigurationFuzzTest {

    /** The README's properties that the runtime itself reads; {@code state.redis.uri} only to choose the store. */
    static final List<String> PROPERTIES = List.of("state.store", "state.max-key-length", "state.max-value-bytes",
            "state.node-id", "state.redis.uri", "state.recovery.on-startup", "state.log.retention",
            "state.log.retention.schedule", "state.expiry.sweep-interval", "state.heal.interval",
            "state.change-feed", "state.near-cache", "state.near-cache.max-entries", "state.near-cache.max-bytes",
            "state.near-cache.ttl");

    /** Reads the settings and opens the store they name, as the runtime does at deployment. */
    private static Object readAndOpen(Map<String, String> properties) {
        StatekeeperSettings settings = StatekeeperSettings.read(properties);
        StorePlugin plugin = StoreChoice.open(settings, CoreConfigurationFuzzTest.class.getClassLoader());
        try {
            return plugin.store();
        } finally {
            close(plugin);
        }
    }

    private static void close(StorePlugin plugin) {
        try {
            plugin.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the store failed", e);
        }
    }

    @Test
    void everyRuntimePropertyAcceptsAnyStringOrNamesItself() {
        ConfigurationFuzz.checkEach("CoreConfigurationFuzzTest.everyRuntimePropertyAcceptsAnyStringOrNamesItself",
                CoreConfigurationFuzzTest::readAndOpen, Map.of(), PROPERTIES);
    }

    @Test
    void twoOddPropertiesTogetherFailNamingOneOfThem() {
        // state.store may be named: an address property chooses the store when state.store is unset.
        ConfigurationFuzz.checkPairs("CoreConfigurationFuzzTest.twoOddPropertiesTogetherFailNamingOneOfThem",
                CoreConfigurationFuzzTest::readAndOpen, PROPERTIES, StatekeeperSettings.STORE);
    }

    @Test
    void theFuzzedPropertiesAreTheREADMEsRuntimeProperties() {
        List<String> documented = ConfigurationFuzz.documentedProperties(Path.of("..", "README.md")).stream()
                .filter(p -> !p.startsWith("state.redis.") && !p.startsWith("state.push") && !p.startsWith("state.admin.")
                        && !p.startsWith("state.health."))
                .toList();
        assertEquals(documented, PROPERTIES.stream().filter(p -> !p.startsWith("state.redis.")).toList());
    }
}
