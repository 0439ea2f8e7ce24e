package org.statekeeper.cdi;

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
import org.statekeeper.core.Limits;

class StatekeeperConfigTest {

    private static StatekeeperConfig from(Map<String, String> properties) {
        return StatekeeperConfig.from(name -> Optional.ofNullable(properties.get(name)));
    }

    /** Asserts the operator can fix the value from the message alone: property, value and choices. */
    private static StateConfigurationException rejected(String property, String value, String... accepted) {
        StateConfigurationException e = assertThrows(StateConfigurationException.class,
                () -> from(Map.of(property, value)), property + "=" + value);
        assertEquals(property, e.getKey());
        String message = e.getMessage();
        assertTrue(message.contains(property), message);
        assertTrue(message.contains("\"" + value.trim() + "\""), message);
        for (String a : accepted) {
            assertTrue(message.contains(a), message);
        }
        return e;
    }

    @Test
    void defaultsApplyWhenNothingIsConfigured() {
        StatekeeperConfig config = from(Map.of());
        assertEquals("memory", config.store());
        assertEquals(Limits.DEFAULTS, config.limits());
        assertFalse(config.nodeId().isBlank());
        assertTrue(config.nodeId().chars().noneMatch(Character::isISOControl), config.nodeId());
    }

    @Test
    void validValuesAreTakenTrimmed() {
        StatekeeperConfig config = from(Map.of(
                StatekeeperConfig.STORE, " memory ",
                StatekeeperConfig.MAX_KEY_LENGTH, " 100",
                StatekeeperConfig.MAX_VALUE_BYTES, "4096 ",
                StatekeeperConfig.NODE_ID, "  node-7 "));
        assertEquals("memory", config.store());
        assertEquals(new Limits(100, 4096), config.limits());
        assertEquals("node-7", config.nodeId());
    }

    @Test
    void boundsOfNumericPropertiesAreAccepted() {
        StatekeeperConfig low = from(Map.of(StatekeeperConfig.MAX_KEY_LENGTH, "1", StatekeeperConfig.MAX_VALUE_BYTES, "1"));
        assertEquals(new Limits(1, 1), low.limits());
        StatekeeperConfig high = from(Map.of(
                StatekeeperConfig.MAX_KEY_LENGTH, String.valueOf(Limits.KEY_COLUMN_LENGTH),
                StatekeeperConfig.MAX_VALUE_BYTES, String.valueOf(Limits.VALUE_COLUMN_LENGTH)));
        assertEquals(new Limits(Limits.KEY_COLUMN_LENGTH, Limits.VALUE_COLUMN_LENGTH), high.limits());
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "MEMORY", "", "Redis"})
    void unknownStoreIsRejectedNamingAcceptedValues(String value) {
        rejected(StatekeeperConfig.STORE, value, "memory | redis");
    }

    @Test
    void redisStoreWithoutUriIsRejectedNamingTheUriProperty() {
        StateConfigurationException e = assertThrows(StateConfigurationException.class,
                () -> from(Map.of(StatekeeperConfig.STORE, "redis")));
        assertEquals(StatekeeperConfig.REDIS_URI, e.getKey());
        assertTrue(e.getMessage().contains("required when state.store=redis"), e.getMessage());
    }

    @Test
    void settingARedisUriChoosesTheRedisStoreWithDefaults() {
        StatekeeperConfig config = from(Map.of(StatekeeperConfig.REDIS_URI, "redis://user:secret@cache:6380/2"));
        assertEquals("redis", config.store());
        assertEquals(new StatekeeperConfig.Redis("redis://user:secret@cache:6380/2", "standalone", "statekeeper:",
                java.time.Duration.ofSeconds(2)), config.redis());
    }

    @Test
    void redisClientTypeIsDetectedFromTheUri() {
        assertEquals("sentinel", from(Map.of(StatekeeperConfig.REDIS_URI,
                "redis-sentinel://s1:26379,s2:26379/0#mymaster")).redis().clientType());
        assertEquals("cluster", from(Map.of(StatekeeperConfig.REDIS_URI,
                "redis://n1:7000, redis://n2:7001")).redis().clientType());
        assertEquals("cluster", from(Map.of(StatekeeperConfig.REDIS_URI, "rediss://n1:7000",
                StatekeeperConfig.REDIS_CLIENT_TYPE, "cluster")).redis().clientType());
    }

    @Test
    void memoryStoreIgnoresRedisSettings() {
        StatekeeperConfig config = from(Map.of(StatekeeperConfig.STORE, "memory",
                StatekeeperConfig.REDIS_URI, "redis://cache:6379"));
        assertEquals("memory", config.store());
        assertEquals(null, config.redis());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:6379", "http://cache:6379", "redis//cache", "redis://", "mongodb://x:1"})
    void malformedRedisUriIsRejectedNamingTheAcceptedForms(String value) {
        rejected(StatekeeperConfig.REDIS_URI, value, "redis://", "rediss://", "redis-sentinel://");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://app:s3cret@cache.example:6379", "redis//app:s3/cr@t@cache", "ftp://:s3,cret@h:1"})
    void aRejectedRedisUriIsQuotedWithItsPasswordMasked(String value) {
        StateConfigurationException e = assertThrows(StateConfigurationException.class,
                () -> from(Map.of(StatekeeperConfig.REDIS_URI, value)));
        assertEquals(StatekeeperConfig.REDIS_URI, e.getKey());
        assertFalse(e.getMessage().contains("s3"), e.getMessage());
    }

    @Test
    void aTlsSentinelUriIsAcceptedAsInJavaSe() {
        StatekeeperConfig config = from(Map.of(StatekeeperConfig.REDIS_URI, "rediss-sentinel://s1:26379,s2:26379/0#mymaster"));
        assertEquals("sentinel", config.redis().clientType());
    }

    @Test
    void aDurationTooLargeToRepresentIsRejectedNamingItsProperty() {
        rejected(StatekeeperConfig.SWEEP_INTERVAL, "999999999999999d", "a duration from");
        rejected(StatekeeperConfig.LOG_RETENTION, "99999999999999999h", "a duration from");
    }

    @Test
    void wrongRedisClientTypeTimeoutOrPrefixIsRejected() {
        StateConfigurationException type = assertThrows(StateConfigurationException.class, () -> from(Map.of(
                StatekeeperConfig.REDIS_URI, "redis://cache", StatekeeperConfig.REDIS_CLIENT_TYPE, "replica")));
        assertTrue(type.getMessage().contains("standalone | sentinel | cluster"), type.getMessage());
        StateConfigurationException timeout = assertThrows(StateConfigurationException.class, () -> from(Map.of(
                StatekeeperConfig.REDIS_URI, "redis://cache", StatekeeperConfig.REDIS_TIMEOUT, "soon")));
        assertEquals(StatekeeperConfig.REDIS_TIMEOUT, timeout.getKey());
        StateConfigurationException prefix = assertThrows(StateConfigurationException.class, () -> from(Map.of(
                StatekeeperConfig.REDIS_URI, "redis://cache", StatekeeperConfig.REDIS_KEY_PREFIX, "has space")));
        assertEquals(StatekeeperConfig.REDIS_KEY_PREFIX, prefix.getKey());
    }

    @Test
    void durationsAcceptIsoAndUnitSuffixes() {
        for (String value : new String[] {"PT0.5S", "500ms", "2s", "1m"}) {
            assertTrue(from(Map.of(StatekeeperConfig.REDIS_URI, "redis://cache",
                    StatekeeperConfig.REDIS_TIMEOUT, value)).redis().timeout().toMillis() >= 500, value);
        }
        assertEquals(java.time.Duration.ofMillis(250),
                from(Map.of(StatekeeperConfig.SWEEP_INTERVAL, "250ms")).sweepInterval());
        rejected(StatekeeperConfig.SWEEP_INTERVAL, "0s", "a duration from");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "600", "513", "-3", "abc", "12.5", ""})
    void maxKeyLengthOutsideColumnWidthIsRejected(String value) {
        rejected(StatekeeperConfig.MAX_KEY_LENGTH, value, "1", String.valueOf(Limits.KEY_COLUMN_LENGTH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "0", "1048577", "99999999999999", "1MB"})
    void maxValueBytesOutsideColumnSizeIsRejected(String value) {
        rejected(StatekeeperConfig.MAX_VALUE_BYTES, value, "1", String.valueOf(Limits.VALUE_COLUMN_LENGTH));
    }

    @Test
    void nodeIdWithControlCharacterIsRejectedAndShownEscaped() {
        StateConfigurationException e = assertThrows(StateConfigurationException.class,
                () -> from(Map.of(StatekeeperConfig.NODE_ID, "node\u00011")));
        assertEquals(StatekeeperConfig.NODE_ID, e.getKey());
        assertTrue(e.getMessage().contains(StatekeeperConfig.NODE_ID), e.getMessage());
        assertTrue(e.getMessage().contains("\"node\\u00011\""), e.getMessage());
        assertTrue(e.getMessage().contains("printable"), e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), e.getMessage());
    }

    @Test
    void blankOrOverlongNodeIdIsRejected() {
        rejected(StatekeeperConfig.NODE_ID, "   ", "1 to 128");
        StateConfigurationException e = assertThrows(StateConfigurationException.class,
                () -> from(Map.of(StatekeeperConfig.NODE_ID, "n".repeat(129))));
        // An overlong value is shortened in the message but its length is given.
        assertTrue(e.getMessage().contains("129 chars") && e.getMessage().contains("1 to 128"), e.getMessage());
    }

    @Test
    void withoutRetentionEveryEventIsKept() {
        assertEquals(null, from(Map.of()).retention());
        assertEquals(null, from(Map.of(StatekeeperConfig.LOG_RETENTION_SCHEDULE, "PT10M")).retention(),
                "a schedule alone turns nothing on");
    }

    @Test
    void retentionAcceptsIsoDurationsAndUnitsWithAnHourlyScheduleByDefault() {
        assertEquals(new StatekeeperConfig.Retention(Duration.ofDays(30), Duration.ofHours(1)),
                from(Map.of(StatekeeperConfig.LOG_RETENTION, "P30D")).retention());
        assertEquals(Duration.ofHours(1), from(Map.of(StatekeeperConfig.LOG_RETENTION, " PT1H ")).retention().period());
        assertEquals(Duration.ofDays(90), from(Map.of(StatekeeperConfig.LOG_RETENTION, "90d")).retention().period());
        assertEquals(Duration.ofHours(12), from(Map.of(StatekeeperConfig.LOG_RETENTION, "12h")).retention().period());
        assertEquals(Duration.ofMinutes(1), from(Map.of(StatekeeperConfig.LOG_RETENTION, "1m")).retention().period());
        assertEquals(new StatekeeperConfig.Retention(Duration.ofDays(7), Duration.ofMinutes(10)), from(Map.of(
                StatekeeperConfig.LOG_RETENTION, "P7D", StatekeeperConfig.LOG_RETENTION_SCHEDULE, "PT10M")).retention());
    }

    @ParameterizedTest
    @ValueSource(strings = {"30 days", "P1M", "P1Y", "PT0S", "-P1D", "PT59S", "P36501D", "forever", "30"})
    void wrongRetentionIsRejectedNamingTheAcceptedDurations(String value) {
        StateConfigurationException e = rejected(StatekeeperConfig.LOG_RETENTION, value, "PT1M", "P36500D", "P30D",
                "every event is kept");
        assertTrue(e.getMessage().contains("ISO-8601"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hourly", "0s", "PT0.5S", "P2D", "-1h"})
    void wrongRetentionScheduleIsRejectedEvenWithoutRetention(String value) {
        rejected(StatekeeperConfig.LOG_RETENTION_SCHEDULE, value, "PT1S", "P1D", "default PT1H");
    }

    @Test
    void firstWrongPropertyIsTheOneReported() {
        StateConfigurationException e = assertThrows(StateConfigurationException.class, () -> from(Map.of(
                StatekeeperConfig.MAX_KEY_LENGTH, "abc",
                StatekeeperConfig.NODE_ID, "bad\nid")));
        assertEquals(StatekeeperConfig.MAX_KEY_LENGTH, e.getKey());
    }
}
