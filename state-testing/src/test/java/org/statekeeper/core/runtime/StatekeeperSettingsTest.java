package org.statekeeper.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.testing.support.ConfigurationAssertions;
import org.statekeeper.core.Limits;

class StatekeeperSettingsTest {

    private static StatekeeperSettings from(Map<String, String> properties) {
        return StatekeeperSettings.read(properties);
    }

    /** The operator can fix the value from the message alone: property, value and choices. */
    private static StateConfigurationException rejected(String property, String value, String... accepted) {
        return ConfigurationAssertions.assertRejected(StatekeeperSettingsTest::from, property, value, accepted);
    }

    @Test
    void defaultsApplyWhenNothingIsConfigured() {
        StatekeeperSettings config = from(Map.of());
        assertEquals("memory", config.store());
        assertTrue(config.changeFeed());
        assertEquals(Duration.ofSeconds(1), config.healInterval());
        assertEquals(Limits.DEFAULTS, config.limits());
        assertFalse(config.nodeId().isBlank());
        assertTrue(config.nodeId().chars().noneMatch(Character::isISOControl), config.nodeId());
    }

    @Test
    void validValuesAreTakenTrimmed() {
        StatekeeperSettings config = from(Map.of(
                StatekeeperSettings.STORE, " memory ",
                StatekeeperSettings.MAX_KEY_LENGTH, " 100",
                StatekeeperSettings.MAX_VALUE_BYTES, "4096 ",
                StatekeeperSettings.NODE_ID, "  node-7 "));
        assertEquals("memory", config.store());
        assertEquals(new Limits(100, 4096), config.limits());
        assertEquals("node-7", config.nodeId());
    }

    @Test
    void boundsOfNumericPropertiesAreAccepted() {
        StatekeeperSettings low = from(Map.of(StatekeeperSettings.MAX_KEY_LENGTH, "1", StatekeeperSettings.MAX_VALUE_BYTES, "1"));
        assertEquals(new Limits(1, 1), low.limits());
        StatekeeperSettings high = from(Map.of(
                StatekeeperSettings.MAX_KEY_LENGTH, String.valueOf(Limits.KEY_COLUMN_LENGTH),
                StatekeeperSettings.MAX_VALUE_BYTES, String.valueOf(Limits.VALUE_COLUMN_LENGTH)));
        assertEquals(new Limits(Limits.KEY_COLUMN_LENGTH, Limits.VALUE_COLUMN_LENGTH), high.limits());
    }

    @Test
    void theNearCacheIsOffUnlessTurnedOnAndThenTakesItsBounds() {
        assertEquals(Optional.empty(), from(Map.of()).nearCache());
        StatekeeperSettings on = from(Map.of(StatekeeperSettings.NEAR_CACHE, "on",
                StatekeeperSettings.NEAR_CACHE_MAX_ENTRIES, "500", StatekeeperSettings.NEAR_CACHE_MAX_BYTES, "16m",
                StatekeeperSettings.NEAR_CACHE_TTL, "5s"));
        assertEquals(Optional.of(new org.statekeeper.core.nearcache.NearCacheSettings(500, 16L << 20, Duration.ofSeconds(5))),
                on.nearCache());
        assertEquals(1024, from(Map.of(StatekeeperSettings.NEAR_CACHE, "on", StatekeeperSettings.NEAR_CACHE_MAX_BYTES,
                "1k")).nearCache().orElseThrow().maxBytes());
        assertEquals(70_000, from(Map.of(StatekeeperSettings.NEAR_CACHE, "on", StatekeeperSettings.NEAR_CACHE_MAX_BYTES,
                "70000")).nearCache().orElseThrow().maxBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "yes", "ON", ""})
    void aNearCacheSwitchOtherThanOnOrOffIsRejected(String value) {
        rejected(StatekeeperSettings.NEAR_CACHE, value, "on | off");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "12.5", "1t", "k", "100", "65g", "99999999999999999999", "9223372036854775807g"})
    void aNearCacheMemoryBoundOutsideItsRangeIsRejectedEvenWhileTheCacheIsOff(String value) {
        rejected(StatekeeperSettings.NEAR_CACHE_MAX_BYTES, value, "a size from 1024 to", "64m");
    }

    @Test
    void otherNearCacheBoundsAreCheckedToo() {
        rejected(StatekeeperSettings.NEAR_CACHE_MAX_ENTRIES, "0", "an integer from 1 to 100000000");
        rejected(StatekeeperSettings.NEAR_CACHE_TTL, "10ms", "a duration from PT0.1S to P1D");
    }

    @Test
    void aNearCacheWithoutTheChangeFeedIsRejected() {
        StateConfigurationException e = assertThrows(StateConfigurationException.class, () -> from(Map.of(
                StatekeeperSettings.NEAR_CACHE, "on", StatekeeperSettings.CHANGE_FEED, "off")));
        assertTrue(e.getMessage().contains(StatekeeperSettings.NEAR_CACHE) && e.getMessage().contains("state.change-feed=off"),
                e.getMessage());
    }

    @Test
    void aDurationTooLargeToRepresentIsRejectedNamingItsProperty() {
        rejected(StatekeeperSettings.SWEEP_INTERVAL, "999999999999999d", "a duration from");
        rejected(StatekeeperSettings.LOG_RETENTION, "99999999999999999h", "a duration from");
    }

    @Test
    void durationsAcceptIsoAndUnitSuffixes() {
        assertEquals(Duration.ofMillis(500), from(Map.of(StatekeeperSettings.HEAL_INTERVAL, "PT0.5S")).healInterval());
        assertEquals(Duration.ofMillis(500), from(Map.of(StatekeeperSettings.HEAL_INTERVAL, "500ms")).healInterval());
        assertEquals(Duration.ofSeconds(2), from(Map.of(StatekeeperSettings.HEAL_INTERVAL, "2s")).healInterval());
        assertEquals(Duration.ofMinutes(1), from(Map.of(StatekeeperSettings.HEAL_INTERVAL, "1m")).healInterval());
        assertEquals(java.time.Duration.ofMillis(250),
                from(Map.of(StatekeeperSettings.SWEEP_INTERVAL, "250ms")).sweepInterval());
        rejected(StatekeeperSettings.SWEEP_INTERVAL, "0s", "a duration from");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "600", "513", "-3", "abc", "12.5", ""})
    void maxKeyLengthOutsideColumnWidthIsRejected(String value) {
        rejected(StatekeeperSettings.MAX_KEY_LENGTH, value, "1", String.valueOf(Limits.KEY_COLUMN_LENGTH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "0", "1048577", "99999999999999", "1MB"})
    void maxValueBytesOutsideColumnSizeIsRejected(String value) {
        rejected(StatekeeperSettings.MAX_VALUE_BYTES, value, "1", String.valueOf(Limits.VALUE_COLUMN_LENGTH));
    }

    @Test
    void nodeIdWithControlCharacterIsRejectedAndShownEscaped() {
        StateConfigurationException e = assertThrows(StateConfigurationException.class,
                () -> from(Map.of(StatekeeperSettings.NODE_ID, "node\u00011")));
        assertEquals(StatekeeperSettings.NODE_ID, e.getKey());
        assertTrue(e.getMessage().contains(StatekeeperSettings.NODE_ID), e.getMessage());
        assertTrue(e.getMessage().contains("\"node\\u00011\""), e.getMessage());
        assertTrue(e.getMessage().contains("printable"), e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), e.getMessage());
    }

    @Test
    void blankOrOverlongNodeIdIsRejected() {
        rejected(StatekeeperSettings.NODE_ID, "   ", "1 to 128");
        StateConfigurationException e = assertThrows(StateConfigurationException.class,
                () -> from(Map.of(StatekeeperSettings.NODE_ID, "n".repeat(129))));
        // An overlong value is shortened in the message but its length is given.
        assertTrue(e.getMessage().contains("129 chars") && e.getMessage().contains("1 to 128"), e.getMessage());
    }

    @Test
    void withoutRetentionEveryEventIsKept() {
        assertEquals(Optional.empty(), from(Map.of()).retention());
        assertEquals(Optional.empty(), from(Map.of(StatekeeperSettings.LOG_RETENTION_SCHEDULE, "PT10M")).retention(),
                "a schedule alone turns nothing on");
    }

    @Test
    void retentionAcceptsIsoDurationsAndUnitsWithAnHourlyScheduleByDefault() {
        assertEquals(new StatekeeperSettings.Retention(Duration.ofDays(30), Duration.ofHours(1)),
                from(Map.of(StatekeeperSettings.LOG_RETENTION, "P30D")).retention().orElseThrow());
        assertEquals(Duration.ofHours(1), from(Map.of(StatekeeperSettings.LOG_RETENTION, " PT1H ")).retention().orElseThrow().period());
        assertEquals(Duration.ofDays(90), from(Map.of(StatekeeperSettings.LOG_RETENTION, "90d")).retention().orElseThrow().period());
        assertEquals(Duration.ofHours(12), from(Map.of(StatekeeperSettings.LOG_RETENTION, "12h")).retention().orElseThrow().period());
        assertEquals(Duration.ofMinutes(1), from(Map.of(StatekeeperSettings.LOG_RETENTION, "1m")).retention().orElseThrow().period());
        assertEquals(new StatekeeperSettings.Retention(Duration.ofDays(7), Duration.ofMinutes(10)), from(Map.of(
                StatekeeperSettings.LOG_RETENTION, "P7D", StatekeeperSettings.LOG_RETENTION_SCHEDULE, "PT10M")).retention().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"30 days", "P1M", "P1Y", "PT0S", "-P1D", "PT59S", "P36501D", "forever", "30"})
    void wrongRetentionIsRejectedNamingTheAcceptedDurations(String value) {
        StateConfigurationException e = rejected(StatekeeperSettings.LOG_RETENTION, value, "PT1M", "P36500D", "P30D",
                "every event is kept");
        assertTrue(e.getMessage().contains("ISO-8601"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hourly", "0s", "PT0.5S", "P2D", "-1h"})
    void wrongRetentionScheduleIsRejectedEvenWithoutRetention(String value) {
        rejected(StatekeeperSettings.LOG_RETENTION_SCHEDULE, value, "PT1S", "P1D", "default PT1H");
    }

    @Test
    void firstWrongPropertyIsTheOneReported() {
        StateConfigurationException e = assertThrows(StateConfigurationException.class, () -> from(Map.of(
                StatekeeperSettings.MAX_KEY_LENGTH, "abc",
                StatekeeperSettings.NODE_ID, "bad\nid")));
        assertEquals(StatekeeperSettings.MAX_KEY_LENGTH, e.getKey());
    }

    @Test
    void aStoreWithoutItsPluginFailsNamingTheValuesThatWork() {
        StatekeeperSettings settings = from(Map.of(StatekeeperSettings.STORE, "mongo"));
        StateConfigurationException e = assertThrows(StateConfigurationException.class,
                () -> StoreChoice.open(settings, getClass().getClassLoader()));
        assertEquals(StatekeeperSettings.STORE, e.getKey());
        assertTrue(e.getMessage().contains("\"mongo\"") && e.getMessage().contains("memory")
                && e.getMessage().contains("META-INF/services/org.statekeeper.spi.StoreProvider"), e.getMessage());
    }

    @Test
    void redisWithoutItsModuleFailsNamingTheMissingArtifactAndTheProperty() {
        // state-redis is not on this module's class path, as in a WAR built from state-cdi alone.
        StatekeeperSettings implied = from(Map.of("state.redis.uri", "redis://app:s3cret@cache:6379"));
        assertEquals("redis", implied.store(), "a Redis URI alone asks for the Redis store");
        StateConfigurationException e = assertThrows(StateConfigurationException.class,
                () -> StoreChoice.open(implied, getClass().getClassLoader()));
        assertEquals("state.redis.uri", e.getKey());
        assertTrue(e.getMessage().contains("org.statekeeper:state-redis"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        StateConfigurationException named = assertThrows(StateConfigurationException.class,
                () -> StoreChoice.open(from(Map.of(StatekeeperSettings.STORE, "redis")), getClass().getClassLoader()));
        assertEquals(StatekeeperSettings.STORE, named.getKey());
        assertTrue(named.getMessage().contains("org.statekeeper:state-redis"), named.getMessage());
    }

    @Test
    void theMemoryStoreIsBuiltInAndChosenWhenNamedEvenWithARedisUri() {
        StatekeeperSettings settings = from(Map.of(StatekeeperSettings.STORE, "memory",
                "state.redis.uri", "redis://cache:6379"));
        try (var plugin = StoreChoice.open(settings, getClass().getClassLoader())) {
            assertEquals("memory", plugin.describe());
            assertTrue(plugin.openFeed("node#1", change -> { }).isEmpty(), "one node's memory is not shared");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sometimes", "true", ""})
    void changeFeedIsOnOrOff(String value) {
        rejected(StatekeeperSettings.CHANGE_FEED, value, "on | off");
        assertFalse(from(Map.of(StatekeeperSettings.CHANGE_FEED, "off")).changeFeed());
    }

    @Test
    void theAddressesOfTwoStoresWithoutStateStoreAreRejected() {
        StateConfigurationException e = assertThrows(StateConfigurationException.class, () -> from(Map.of(
                "state.redis.uri", "redis://a:6379", "state.mongo.uri", "mongodb://b")));
        assertEquals(StatekeeperSettings.STORE, e.getKey());
        assertTrue(e.getMessage().contains("mongo | redis"), e.getMessage());
        assertEquals("redis", from(Map.of("state.store", "redis", "state.redis.uri", "redis://a:6379",
                "state.mongo.uri", "mongodb://b")).store(), "state.store decides");
    }
}
