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



    /**
     * Every way a URI can be refused, with every kind of odd password: the message names the property and
     * the reason, and holds the password neither as written nor percent-decoded.
     */
    @Test
    void noRejectedRedisUriShowsItsPasswordWhateverItHolds() {
        java.util.List<String> passwords = java.util.List.of("S3cr%2Fet", "s3/cr@t", "s3,cr:et", "s3%40cr%3Aet",
                "s3cr\u00e9t\u5bc6", "s3://cret", "s3,redis://cret", "%s3cret%", "s3cr%C3%A9t");
        Map<String, String> shapes = Map.of(
                "redis://app:%s@127.0.0.1:notaport", "port must be a number",
                "http://app:%s@cache.example:6379", "redis://",
                "redis://app:%s@h1:7000,http://h2:7001", "mixes schemes",
                "redis-sentinel://app:%s@s1:26379/0", "s1:26379/0",
                "redis://app:%s@h1:7000/3,h2:7001", "h1:7000/3",
                "redis//app:%s@cache:6379", "redis://");
        for (String password : passwords) {
            String decoded = java.net.URLDecoder.decode(password.replace("%s3", "%25s3").replace("t%", "t%25"),
                    java.nio.charset.StandardCharsets.UTF_8);
            for (Map.Entry<String, String> shape : shapes.entrySet()) {
                String uri = String.format(shape.getKey(), password);
                StateConfigurationException e = assertThrows(StateConfigurationException.class,
                        () -> from(Map.of(RedisStoreProvider.URI, uri)), uri);
                String message = e.getMessage();
                assertEquals(RedisStoreProvider.URI, e.getKey(), message);
                // A password with a raw / @ , or :// is not a valid URI part: the parser's reason then varies.
                assertTrue(!password.matches("(?:[\\p{L}\\d]|%[0-9A-Fa-f]{2})+") || message.contains(shape.getValue()), message);
                assertFalse(message.contains(password) || message.contains(decoded) || message.contains("cret"),
                        () -> uri + " leaked its password: " + message);
            }
            if (!password.matches("(?:[\\p{L}\\d]|%[0-9A-Fa-f]{2})+")) {
                continue;
            }
            String valid = "redis://app:" + password + "@cache.example:6379";
            RedisSettings settings = from(Map.of(RedisStoreProvider.URI, valid));
            for (String shown : java.util.List.of(settings.toString(), settings.maskedUri(),
                    settings.redisUris().get(0).toString())) {
                assertFalse(shown.contains("cret"), shown);
            }
        }
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
