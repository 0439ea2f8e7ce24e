package org.statekeeper.redis.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.core.runtime.StatekeeperSettings;
import org.statekeeper.redis.RedisStoreProvider;
import org.statekeeper.testing.fuzz.ConfigurationFuzz;
import org.statekeeper.testing.fuzz.ConfigurationFuzzSuite;
import org.statekeeper.testing.fuzz.FuzzTries;

/**
 * Fuzzes every {@code state.redis.*} property of the README's table: whatever string it holds (over an
 * otherwise valid configuration), the Redis settings are read or fail with a
 * {@code StateConfigurationException} naming that property; and a password in the URI never shows in the
 * message. Reading connects to nothing.
 */
@AddLifecycleHook(FuzzTries.class)
class RedisConfigurationFuzzTest extends ConfigurationFuzzSuite {

    @Override
    protected List<String> fuzzedProperties() {
        return PROPERTIES;
    }

    static final List<String> PROPERTIES = List.of(RedisStoreProvider.URI, RedisStoreProvider.CLIENT_TYPE,
            RedisStoreProvider.KEY_PREFIX, RedisStoreProvider.TIMEOUT);
    private static final Map<String, String> VALID = Map.of(RedisStoreProvider.URI, "redis://127.0.0.1:6379");
    private static final String PASSWORD = "s3cr3tPw";

    private static Object read(Map<String, String> properties) {
        return RedisStoreProvider.settings(StatekeeperSettings.read(properties).source());
    }

    @Property(tries = 1000)
    void everyRedisPropertyAcceptsAnyStringOrNamesItself(@ForAll("values") String value) {
        ConfigurationFuzz.eachAcceptedOrNamed(RedisConfigurationFuzzTest::read, VALID, PROPERTIES, value);
    }

    @Property(tries = 1000)
    void aPasswordInAnOddUriNeverShowsInTheMessage(@ForAll("values") String host, @ForAll("values") String tail) {
        String uri = "redis://app:" + PASSWORD + "@" + host + tail;
        try {
            read(Map.of(RedisStoreProvider.URI, uri));
        } catch (StateConfigurationException e) {
            assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        }
    }

    @Example
    void theFuzzedPropertiesAreTheREADMEsRedisProperties() {
        assertEquals(ConfigurationFuzz.documentedProperties("state.redis."), PROPERTIES);
    }
}
