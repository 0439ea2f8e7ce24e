package org.statekeeper.websocket.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.statekeeper.core.runtime.StatekeeperSettings;
import org.statekeeper.testing.fuzz.ConfigurationFuzz;
import org.statekeeper.websocket.PushSettings;

/**
 * Fuzzes every {@code state.push*} property of the README's table: whatever string it holds, the push
 * settings are read or fail with a {@code StateConfigurationException} naming that property.
 */
class PushConfigurationFuzzTest {

    static final List<String> PROPERTIES = List.of(PushSettings.PUSH, PushSettings.PATH, PushSettings.PUBLIC_PREFIXES,
            PushSettings.ROLE_PREFIXES, PushSettings.MAX_SUBSCRIPTIONS, PushSettings.MAX_PENDING,
            PushSettings.MAX_MESSAGE_BYTES, PushSettings.ALLOWED_ORIGINS);

    private static PushSettings read(Map<String, String> properties) {
        return PushSettings.read(StatekeeperSettings.read(properties).source());
    }

    @Test
    void everyPushPropertyAcceptsAnyStringOrNamesItself() {
        ConfigurationFuzz.checkEach("PushConfigurationFuzzTest.everyPushPropertyAcceptsAnyStringOrNamesItself",
                PushConfigurationFuzzTest::read, Map.of(), PROPERTIES);
    }

    @Test
    void twoOddPushPropertiesTogetherFailNamingOneOfThem() {
        ConfigurationFuzz.checkPairs("PushConfigurationFuzzTest.twoOddPushPropertiesTogetherFailNamingOneOfThem",
                PushConfigurationFuzzTest::read, PROPERTIES);
    }

    @Test
    void theFuzzedPropertiesAreTheREADMEsPushProperties() {
        assertEquals(ConfigurationFuzz.documentedProperties("state.push"), PROPERTIES);
    }
}
