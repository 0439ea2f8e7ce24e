package org.statekeeper.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.testing.support.ConfigurationAssertions;
import org.statekeeper.core.runtime.StatekeeperSettings;
import org.statekeeper.spi.StoreProvider;

/** The {@code state.redis.*} properties, read through the same settings as every other property, in a container or in Java SE. */
class RedisStoreProviderTest {

    private static RedisSettings from(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.putIfAbsent("state.store", "redis");
        return RedisStoreProvider.settings(StatekeeperSettings.read(all).source());
    }

    /** The operator can fix the value from the message alone: property, value and choices. */
    private static StateConfigurationException rejected(String property, String value, String... accepted) {
        return ConfigurationAssertions.assertRejected(RedisStoreProviderTest::from, property, value, accepted);
    }

    @Test
    void theProviderIsFoundThroughTheServiceLoaderAsRedis() {
        assertTrue(ServiceLoader.load(StoreProvider.class).stream()
                .anyMatch(p -> p.type() == RedisStoreProvider.class && p.get().name().equals("redis")));
    }

    @Test
    void theRedisStoreWithoutUriIsRejectedNamingTheUriProperty() {
        StateConfigurationException e = assertThrows(StateConfigurationException.class, () -> from(Map.of()));
        assertEquals(RedisStoreProvider.URI, e.getKey());
        assertTrue(e.getMessage().contains("required when state.store=redis"), e.getMessage());
    }


    @Test
    void settingARedisUriChoosesTheRedisStoreWithDefaults() {
        RedisSettings settings = from(Map.of(RedisStoreProvider.URI, "redis://user:secret@cache:6380/2"));
        assertEquals(new RedisSettings("redis://user:secret@cache:6380/2", RedisSettings.ClientType.STANDALONE,
                Duration.ofSeconds(2), "statekeeper:"), settings);
    }



    @Test
    void redisClientTypeIsDetectedFromTheUri() {
        assertEquals("sentinel", from(Map.of(RedisStoreProvider.URI,
                "redis-sentinel://s1:26379,s2:26379/0#mymaster")).clientType().name().toLowerCase(java.util.Locale.ROOT));
        assertEquals("cluster", from(Map.of(RedisStoreProvider.URI,
                "redis://n1:7000, redis://n2:7001")).clientType().name().toLowerCase(java.util.Locale.ROOT));
        assertEquals("cluster", from(Map.of(RedisStoreProvider.URI, "rediss://n1:7000",
                RedisStoreProvider.CLIENT_TYPE, "cluster")).clientType().name().toLowerCase(java.util.Locale.ROOT));
    }



    @ParameterizedTest
    @ValueSource(strings = {"localhost:6379", "http://cache:6379", "redis//cache", "redis://", "mongodb://x:1"})
    void malformedRedisUriIsRejectedNamingTheAcceptedForms(String value) {
        rejected(RedisStoreProvider.URI, value, "redis://", "rediss://", "redis-sentinel://");
    }



    @ParameterizedTest
    @ValueSource(strings = {"http://app:s3cret@cache.example:6379", "redis//app:s3/cr@t@cache", "ftp://:s3,cret@h:1"})
    void aRejectedRedisUriIsQuotedWithItsPasswordMasked(String value) {
        StateConfigurationException e = assertThrows(StateConfigurationException.class,
                () -> from(Map.of(RedisStoreProvider.URI, value)));
        assertEquals(RedisStoreProvider.URI, e.getKey());
        assertFalse(e.getMessage().contains("s3"), e.getMessage());
    }



    @Test
    void aTlsSentinelUriIsAcceptedAsInJavaSe() {
        RedisSettings settings = from(Map.of(RedisStoreProvider.URI, "rediss-sentinel://s1:26379,s2:26379/0#mymaster"));
        assertEquals(RedisSettings.ClientType.SENTINEL, settings.clientType());
    }



    @Test
    void wrongRedisClientTypeTimeoutOrPrefixIsRejected() {
        StateConfigurationException type = assertThrows(StateConfigurationException.class, () -> from(Map.of(
                RedisStoreProvider.URI, "redis://cache", RedisStoreProvider.CLIENT_TYPE, "replica")));
        assertTrue(type.getMessage().contains("standalone | sentinel | cluster"), type.getMessage());
        StateConfigurationException timeout = assertThrows(StateConfigurationException.class, () -> from(Map.of(
                RedisStoreProvider.URI, "redis://cache", RedisStoreProvider.TIMEOUT, "soon")));
        assertEquals(RedisStoreProvider.TIMEOUT, timeout.getKey());
        StateConfigurationException prefix = assertThrows(StateConfigurationException.class, () -> from(Map.of(
                RedisStoreProvider.URI, "redis://cache", RedisStoreProvider.KEY_PREFIX, "has space")));
        assertEquals(RedisStoreProvider.KEY_PREFIX, prefix.getKey());
    }

    /** Found by RedisConfigurationFuzzTest: the error blamed state.redis.uri, whose value was fine, and quoted it. */
    @Test
    void anExplicitClientTypeThatDoesNotFitAValidUriIsBlamedOnTheClientType() {
        StateConfigurationException e = assertThrows(StateConfigurationException.class, () -> from(Map.of(
                RedisStoreProvider.URI, "redis://app:pw@cache:6379", RedisStoreProvider.CLIENT_TYPE, "sentinel")));
        assertEquals(RedisStoreProvider.CLIENT_TYPE, e.getKey());
        assertTrue(e.getMessage().contains("\"sentinel\"") && e.getMessage().contains("standalone for the URI"),
                e.getMessage());
        assertFalse(e.getMessage().contains("pw@"), e.getMessage());
        StateConfigurationException uri = assertThrows(StateConfigurationException.class, () -> from(Map.of(
                RedisStoreProvider.URI, "redis://cache:notaport", RedisStoreProvider.CLIENT_TYPE, "sentinel")));
        assertEquals(RedisStoreProvider.URI, uri.getKey(), "a URI wrong by itself is still blamed");
    }
}
