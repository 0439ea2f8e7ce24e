package org.statekeeper.websocket.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.statekeeper.core.runtime.StatekeeperSettings;
import org.statekeeper.testing.fuzz.ConfigurationFuzz;
import org.statekeeper.testing.fuzz.ConfigurationFuzzSuite;
import org.statekeeper.testing.fuzz.FuzzTries;
import org.statekeeper.websocket.PushSettings;

/**
 * Fuzzes every {@code state.push*} property of the README's table: whatever string it holds, the push
 * settings are read or fail with a {@code StateConfigurationException} naming that property.
 */
@AddLifecycleHook(FuzzTries.class)
class PushConfigurationFuzzTest extends ConfigurationFuzzSuite {

    @Override
    protected List<String> fuzzedProperties() {
        return PROPERTIES;
    }

    static final List<String> PROPERTIES = List.of(PushSettings.PUSH, PushSettings.PATH, PushSettings.PUBLIC_PREFIXES,
            PushSettings.ROLE_PREFIXES, PushSettings.MAX_SUBSCRIPTIONS, PushSettings.MAX_PENDING,
            PushSettings.MAX_MESSAGE_BYTES, PushSettings.ALLOWED_ORIGINS);

    private static PushSettings read(Map<String, String> properties) {
        return PushSettings.read(StatekeeperSettings.read(properties).source());
    }

    @Property(tries = 1000)
    void everyPushPropertyAcceptsAnyStringOrNamesItself(@ForAll("values") String value) {
        ConfigurationFuzz.eachAcceptedOrNamed(PushConfigurationFuzzTest::read, Map.of(), PROPERTIES, value);
    }

    @Property(tries = 1000)
    void twoOddPushPropertiesTogetherFailNamingOneOfThem(@ForAll("properties") String first, @ForAll("values") String a,
            @ForAll("properties") String second, @ForAll("values") String b) {
        Map<String, String> both = new java.util.HashMap<>(Map.of(first, a));
        both.put(second, b);
        ConfigurationFuzz.acceptedOrNamesOneOf(PushConfigurationFuzzTest::read, both);
    }

    @Example
    void theFuzzedPropertiesAreTheREADMEsPushProperties() {
        assertEquals(ConfigurationFuzz.documentedProperties("state.push"), PROPERTIES);
    }
}
