package org.statekeeper.redis.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.core.runtime.StatekeeperSettings;
import org.statekeeper.redis.RedisStoreProvider;
import org.statekeeper.testing.fuzz.ConfigurationFuzz;
import org.statekeeper.testing.fuzz.Fuzz;
import org.statekeeper.testing.fuzz.Gen;

/**
 * Fuzzes every {@code state.redis.*} property of the README's table: whatever string it holds (over an
 * otherwise valid configuration), the Redis settings are read or fail with a
 * {@code StateConfigurationException} naming that property; and a password in the URI never shows in the
 * message. Reading connects to nothing.
 */
class RedisConfigurationFuzzTest {

    static final List<String> PROPERTIES = List.of(RedisStoreProvider.URI, RedisStoreProvider.CLIENT_TYPE,
            RedisStoreProvider.KEY_PREFIX, RedisStoreProvider.TIMEOUT, RedisStoreProvider.TLS_TRUST_STORE,
            RedisStoreProvider.TLS_TRUST_STORE_PASSWORD, RedisStoreProvider.TLS_KEY_STORE,
            RedisStoreProvider.TLS_KEY_STORE_PASSWORD);
    private static final Map<String, String> VALID = Map.of(RedisStoreProvider.URI, "redis://127.0.0.1:6379");
    private static final String PASSWORD = "s3cr3tPw";

    private static Object read(Map<String, String> properties) {
        return RedisStoreProvider.settings(StatekeeperSettings.read(properties).source());
    }

    @Test
    void everyRedisPropertyAcceptsAnyStringOrNamesItself() {
        ConfigurationFuzz.checkEach("RedisConfigurationFuzzTest.everyRedisPropertyAcceptsAnyStringOrNamesItself",
                RedisConfigurationFuzzTest::read, VALID, PROPERTIES);
    }

    @Test
    void aPasswordInAnOddUriNeverShowsInTheMessage() {
        Gen<String> values = ConfigurationFuzz.values();
        Gen<String> uris = random -> "redis://app:" + PASSWORD + "@" + values.next(random) + values.next(random);
        Fuzz.check("RedisConfigurationFuzzTest.aPasswordInAnOddUriNeverShowsInTheMessage", 1000, uris, uri -> {
            try {
                read(Map.of(RedisStoreProvider.URI, uri));
                return "accepted";
            } catch (StateConfigurationException e) {
                assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
                return "refused";
            }
        });
    }

    @Test
    void theFuzzedPropertiesAreTheREADMEsRedisProperties() {
        assertEquals(ConfigurationFuzz.documentedProperties("state.redis."), PROPERTIES);
    }
}
