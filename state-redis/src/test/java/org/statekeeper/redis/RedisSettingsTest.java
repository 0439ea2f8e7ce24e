package org.statekeeper.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.statekeeper.redis.RedisSettings.ClientType;

class RedisSettingsTest {

    @Test
    void defaultsApplyWhenOnlyUriIsGiven() {
        RedisSettings settings = new RedisSettings("redis://localhost:6379");
        assertEquals(ClientType.STANDALONE, settings.clientType());
        assertEquals(RedisSettings.DEFAULT_COMMAND_TIMEOUT, settings.commandTimeout());
        assertEquals("statekeeper:", settings.keyPrefix());
    }

    @Test
    void clientTypeIsDetectedFromUri() {
        assertEquals(ClientType.STANDALONE, RedisSettings.detect("redis://h:6379", null));
        assertEquals(ClientType.STANDALONE, RedisSettings.detect("rediss://h:6380/3", null));
        assertEquals(ClientType.SENTINEL, RedisSettings.detect("redis-sentinel://s1:26379,s2:26379#mymaster", null));
        assertEquals(ClientType.CLUSTER, RedisSettings.detect("redis://h1:7000,redis://h2:7001", null));
        assertEquals(ClientType.CLUSTER, RedisSettings.detect("redis://h1:7000, h2:7001", null));
        assertEquals(ClientType.CLUSTER, RedisSettings.detect("redis://h1:7000", ClientType.CLUSTER));
    }

    @Test
    void clientTypeNamesParseIgnoringCase() {
        assertEquals(ClientType.CLUSTER, ClientType.parse("cluster"));
        assertEquals(ClientType.SENTINEL, ClientType.parse(" Sentinel "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientType.parse("master"));
        assertTrue(e.getMessage().contains("standalone, sentinel or cluster"), e.getMessage());
    }

    @Test
    void credentialsAndDatabaseComeFromTheUri() {
        RedisURI uri = new RedisSettings("redis://app:s3cret@cache:6390/2").redisUris().get(0);
        assertEquals("cache", uri.getHost());
        assertEquals(6390, uri.getPort());
        assertEquals(2, uri.getDatabase());
        assertEquals("app", uri.getUsername());
        assertEquals("s3cret", new String(uri.getPassword()));
    }

    @Test
    void tlsAndCommandTimeoutReachLettuce() {
        RedisURI uri = new RedisSettings("rediss://cache:6380", null, Duration.ofMillis(750), null).redisUris().get(0);
        assertTrue(uri.isSsl());
        assertEquals(Duration.ofMillis(750), uri.getTimeout());
    }

    @Test
    void sentinelUriNamesItsMaster() {
        RedisURI uri = new RedisSettings("redis-sentinel://:pw@s1:26379,s2:26380/1#mymaster").redisUris().get(0);
        assertEquals("mymaster", uri.getSentinelMasterId());
        assertEquals(2, uri.getSentinels().size());
    }

    @Test
    void clusterPartsWithoutSchemeShareTheFirstSchemeAndCredentials() {
        List<RedisURI> uris = new RedisSettings("rediss://u:pw@h1:7000,h2:7001").redisUris();
        assertEquals(2, uris.size());
        assertEquals("h2", uris.get(1).getHost());
        assertTrue(uris.get(1).isSsl());
        assertEquals("u", uris.get(1).getUsername());
        assertEquals("pw", new String(uris.get(1).getPassword()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://cache:6379", "cache:6379", "redis-socket:///tmp/redis.sock", "redis://", "redis://h:notaport",
        "redis://h1:7000,http://h2:7001"})
    void unusableUrisAreRejectedWithTheAcceptedForms(String uri) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RedisSettings(uri));
        assertTrue(e.getMessage().startsWith("Redis URI"), e.getMessage());
        assertTrue(e.getMessage().contains("redis://host:port"), e.getMessage());
    }

    @Test
    void emptyUriIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RedisSettings(null));
        assertThrows(IllegalArgumentException.class, () -> new RedisSettings(" "));
        assertThrows(IllegalArgumentException.class, () -> new RedisSettings(" , "));
    }

    @Test
    void clientTypeMustFitTheUri() {
        assertThrows(IllegalArgumentException.class,
                () -> new RedisSettings("redis://h:6379", ClientType.SENTINEL, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new RedisSettings("redis-sentinel://s:26379#m", ClientType.CLUSTER, null, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RedisSettings("redis://h1:7000,redis://h2:7001", ClientType.STANDALONE, null, null));
        assertTrue(e.getMessage().contains("cluster"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RedisSettings("redis-sentinel://s:26379"));
        assertTrue(e.getMessage().contains("#"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new RedisSettings("redis://h:7000/3", ClientType.CLUSTER, null, null));
        assertTrue(e.getMessage().contains("database 0"), e.getMessage());
    }

    @Test
    void timeoutAndPrefixAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new RedisSettings("redis://h", null, Duration.ZERO, null));
        assertThrows(IllegalArgumentException.class, () -> new RedisSettings("redis://h", null, Duration.ofSeconds(-1), null));
        assertThrows(IllegalArgumentException.class, () -> new RedisSettings("redis://h", null, null, ""));
        assertThrows(IllegalArgumentException.class, () -> new RedisSettings("redis://h").withKeyPrefix("  "));
        assertEquals("app2:", new RedisSettings("redis://h").withKeyPrefix("app2:").keyPrefix());
    }

    @Test
    void aKeyPrefixMustBeOneToSixtyFourPrintableCharactersWithoutSpacesInJavaSeAsInAContainer() {
        for (String bad : List.of("", " ", "has space", "tab\t", "x".repeat(65), "line\n")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new RedisSettings("redis://h:6379").withKeyPrefix(bad), bad);
            assertTrue(e.getMessage().contains("1 to 64 printable characters without spaces"), e.getMessage());
        }
        assertEquals("x".repeat(64), new RedisSettings("redis://h:6379").withKeyPrefix("x".repeat(64)).keyPrefix());
    }

    @Test
    void passwordsNeverAppearInMessagesOrToString() {
        RedisSettings settings = new RedisSettings("redis://app:s3cret@cache:6379,redis://:other@h2:6379");
        assertFalse(settings.toString().contains("s3cret"), settings.toString());
        assertFalse(settings.toString().contains("other"), settings.toString());
        assertEquals("redis://app:****@cache:6379,redis://:****@h2:6379", settings.maskedUri());
        assertEquals("redis://****@cache", new RedisSettings("redis://onlypassword@cache").maskedUri());

        for (String bad : List.of("http://u:s3cret@cache", "redis://u:s3cret@cache:port", "redis://u:s3cret@h:1/x",
                "redis://u:s3cret@h1:7000,http://h2")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RedisSettings(bad));
            assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        }
    }
}
