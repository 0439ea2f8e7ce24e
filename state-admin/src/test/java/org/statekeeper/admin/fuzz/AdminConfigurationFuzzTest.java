package org.statekeeper.admin.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.statekeeper.admin.AdminSettings;
import org.statekeeper.core.runtime.StatekeeperSettings;
import org.statekeeper.testing.fuzz.ConfigurationFuzz;
import org.statekeeper.testing.fuzz.ConfigurationFuzzSuite;
import org.statekeeper.testing.fuzz.FuzzTries;

/**
 * Fuzzes every {@code state.admin.*} property of the README's table: whatever string it holds, the console's
 * settings are read or fail with a {@code StateConfigurationException} naming that property.
 */
@AddLifecycleHook(FuzzTries.class)
class AdminConfigurationFuzzTest extends ConfigurationFuzzSuite {

    @Override
    protected List<String> fuzzedProperties() {
        return PROPERTIES;
    }

    static final List<String> PROPERTIES = List.of(AdminSettings.ROLE, AdminSettings.PATH);

    private static AdminSettings read(Map<String, String> properties) {
        return AdminSettings.read(StatekeeperSettings.read(properties).source());
    }

    @Property(tries = 1000)
    void everyConsolePropertyAcceptsAnyStringOrNamesItself(@ForAll("values") String value) {
        ConfigurationFuzz.eachAcceptedOrNamed(AdminConfigurationFuzzTest::read, Map.of(), PROPERTIES, value);
    }

    @Example
    void theFuzzedPropertiesAreTheREADMEsConsoleProperties() {
        assertEquals(ConfigurationFuzz.documentedProperties("state.admin."), PROPERTIES);
    }
}
