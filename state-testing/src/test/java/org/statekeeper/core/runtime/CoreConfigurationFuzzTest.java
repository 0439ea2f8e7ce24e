package org.statekeeper.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.statekeeper.spi.StorePlugin;
import org.statekeeper.testing.fuzz.ConfigurationFuzz;
import org.statekeeper.testing.fuzz.ConfigurationFuzzSuite;
import org.statekeeper.testing.fuzz.FuzzTries;

/**
 * Fuzzes the runtime's own configuration properties (every {@code state.*} row of the README's table
 * that no plugin or adapter reads): whatever string a property holds, reading the settings and opening the
 * store they name either works or fails with a {@code StateConfigurationException} naming that property.
 * Here in state-testing, beside {@code StatekeeperSettingsTest}, for its shared fuzz generators.
 */
@AddLifecycleHook(FuzzTries.class)
class CoreConfigurationFuzzTest extends ConfigurationFuzzSuite {

    @Override
    protected List<String> fuzzedProperties() {
        return PROPERTIES;
    }

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

    @Property(tries = 1000)
    void everyRuntimePropertyAcceptsAnyStringOrNamesItself(@ForAll("values") String value) {
        for (String property : PROPERTIES) {
            ConfigurationFuzz.acceptedOrNamed(CoreConfigurationFuzzTest::readAndOpen, property, value);
        }
    }

    @Property(tries = 1000)
    void twoOddPropertiesTogetherFailNamingOneOfThem(@ForAll("properties") String first, @ForAll("values") String a,
            @ForAll("properties") String second, @ForAll("values") String b) {
        Map<String, String> both = new HashMap<>(Map.of(first, a));
        both.put(second, b);
        // state.store may be named: an address property chooses the store when state.store is unset.
        ConfigurationFuzz.acceptedOrNamesOneOf(CoreConfigurationFuzzTest::readAndOpen, both, StatekeeperSettings.STORE);
    }

    @Example
    void theFuzzedPropertiesAreTheREADMEsRuntimeProperties() {
        List<String> documented = ConfigurationFuzz.documentedProperties(Path.of("..", "README.md")).stream()
                .filter(p -> !p.startsWith("state.redis.") && !p.startsWith("state.push") && !p.startsWith("state.admin."))
                .toList();
        assertEquals(documented, PROPERTIES.stream().filter(p -> !p.startsWith("state.redis.")).toList());
    }
}
