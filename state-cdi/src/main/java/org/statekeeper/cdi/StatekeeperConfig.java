package org.statekeeper.cdi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.core.Credentials;
import org.statekeeper.core.Limits;
import org.statekeeper.redis.RedisSettings;

/**
 * Statekeeper's MicroProfile Config properties, validated: a wrong value fails deployment with a
 * message naming the property and what it accepts.
 *
 * @param store the store kind: {@code memory} or {@code redis}
 * @param limits key and value size limits
 * @param nodeId this node's id, recorded in every event
 * @param redis the Redis settings, null when the store is {@code memory}
 * @param sweepInterval how often expired keys are looked for and logged as {@code EXPIRE}
 * @param recoveryOnStartup what to do with the store at startup: {@code auto}, {@code rebuild}, {@code verify} or {@code none}
 * @param retention how long the log keeps events and how often that is applied, null to keep every event
 */
public record StatekeeperConfig(String store, Limits limits, String nodeId, Redis redis, Duration sweepInterval,
        String recoveryOnStartup, Retention retention) {

    /**
     * The log's retention.
     *
     * @param period events older than this are deleted (never a key's latest event)
     * @param schedule how long the retention job waits between runs
     */
    public record Retention(Duration period, Duration schedule) {
    }

    /**
     * Where and how to reach Redis.
     *
     * @param uri one or more Redis URIs (comma-separated for a cluster)
     * @param clientType {@code standalone}, {@code sentinel} or {@code cluster}
     * @param keyPrefix the prefix of every key Statekeeper writes, so applications can share a Redis
     * @param timeout how long one Redis command may take
     */
    public record Redis(String uri, String clientType, String keyPrefix, Duration timeout) {
    }

    /** Property choosing the store. */
    public static final String STORE = "state.store";
    /** Property bounding key length. */
    public static final String MAX_KEY_LENGTH = "state.max-key-length";
    /** Property bounding encoded value size. */
    public static final String MAX_VALUE_BYTES = "state.max-value-bytes";
    /** Property naming this node in the log. */
    public static final String NODE_ID = "state.node-id";
    /** Property giving the Redis URI(s). */
    public static final String REDIS_URI = "state.redis.uri";
    /** Property forcing the Redis client type. */
    public static final String REDIS_CLIENT_TYPE = "state.redis.client-type";
    /** Property prefixing every Redis key. */
    public static final String REDIS_KEY_PREFIX = "state.redis.key-prefix";
    /** Property bounding each Redis command. */
    public static final String REDIS_TIMEOUT = "state.redis.timeout";
    /** Property setting how often expired keys are swept. */
    public static final String SWEEP_INTERVAL = "state.expiry.sweep-interval";
    /** Property choosing what happens to the store at startup. */
    public static final String RECOVERY_ON_STARTUP = "state.recovery.on-startup";
    /** Property setting how long the log keeps events. */
    public static final String LOG_RETENTION = "state.log.retention";
    /** Property setting how often the log retention job runs. */
    public static final String LOG_RETENTION_SCHEDULE = "state.log.retention.schedule";

    private static final String URI_FORMS = "redis://[user:password@]host[:port][/database], rediss://… (TLS),"
            + " redis-sentinel://host:port[,host:port]/[database]#masterName (rediss-sentinel:// with TLS), or several"
            + " redis:// URIs separated by commas (a cluster)";

    /**
     * Reads and validates the properties through {@code lookup} (a property name to its value).
     *
     * @param lookup returns a property's value, empty when unset
     * @return the validated configuration
     * @throws StateConfigurationException naming the first property with a wrong value
     */
    public static StatekeeperConfig from(Function<String, Optional<String>> lookup) {
        ConfigReader read = new ConfigReader(lookup);
        Optional<String> uri = read.raw(REDIS_URI);
        String store = read.oneOf(STORE, uri.isPresent() ? "redis" : "memory", List.of("memory", "redis"));
        int maxKey = read.intIn(MAX_KEY_LENGTH, Limits.DEFAULTS.maxKeyLength(), 1, Limits.KEY_COLUMN_LENGTH);
        int maxValue = read.intIn(MAX_VALUE_BYTES, Limits.DEFAULTS.maxValueBytes(), 1, Limits.VALUE_COLUMN_LENGTH);
        String nodeId = read.raw(NODE_ID).orElseGet(StatekeeperConfig::hostName);
        if (nodeId.isEmpty() || nodeId.length() > 128 || nodeId.chars().anyMatch(Character::isISOControl)) {
            throw new StateConfigurationException(NODE_ID, nodeId,
                    "1 to 128 printable characters (default: the host name)");
        }
        Redis redis = store.equals("redis") ? redis(read, uri) : null;
        Duration sweep = read.duration(SWEEP_INTERVAL, Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofHours(1));
        String recovery = read.oneOf(RECOVERY_ON_STARTUP, "auto", List.of("auto", "rebuild", "verify", "none"));
        return new StatekeeperConfig(store, new Limits(maxKey, maxValue), nodeId, redis, sweep, recovery, retention(read));
    }

    private static Retention retention(ConfigReader read) {
        Optional<Duration> period = read.optionalDuration(LOG_RETENTION, Duration.ofMinutes(1), Duration.ofDays(36_500),
                "unset: every event is kept");
        // Checked even without a period, so a mistyped schedule fails now rather than when retention is turned on.
        Duration schedule = read.duration(LOG_RETENTION_SCHEDULE, Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofDays(1));
        return period.map(p -> new Retention(p, schedule)).orElse(null);
    }

    /**
     * The URI and the key prefix are checked by {@link RedisSettings}, the rules Java SE applies too, so
     * that both accept the same values; failures are reported naming the property, credentials masked.
     */
    private static Redis redis(ConfigReader read, Optional<String> uri) {
        String value = uri.orElseThrow(() -> new StateConfigurationException(REDIS_URI, "",
                URI_FORMS + " (required when state.store=redis)"));
        String detected;
        try {
            detected = RedisSettings.detect(value, null).name().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new StateConfigurationException(REDIS_URI, Credentials.maskUserInfo(value), URI_FORMS);
        }
        String clientType = read.oneOf(REDIS_CLIENT_TYPE, detected, List.of("standalone", "sentinel", "cluster"));
        String prefix = read.raw(REDIS_KEY_PREFIX).orElse(RedisSettings.DEFAULT_KEY_PREFIX);
        try {
            RedisSettings.checkKeyPrefix(prefix);
        } catch (IllegalArgumentException e) {
            throw new StateConfigurationException(REDIS_KEY_PREFIX, prefix,
                    "1 to 64 printable characters without spaces (default " + RedisSettings.DEFAULT_KEY_PREFIX + ")");
        }
        Duration timeout = read.duration(REDIS_TIMEOUT, Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMinutes(5));
        try {
            new RedisSettings(value, RedisSettings.ClientType.parse(clientType), timeout, prefix);
        } catch (IllegalArgumentException e) {
            throw new StateConfigurationException(REDIS_URI, Credentials.maskUserInfo(value), URI_FORMS + " ("
                    + e.getMessage() + ")");
        }
        return new Redis(value, clientType, prefix, timeout);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node-" + UUID.randomUUID();
        }
    }
}
