package org.statekeeper.core.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.core.Limits;
import org.statekeeper.core.nearcache.NearCacheSettings;
import org.statekeeper.spi.Settings;

/**
 * Statekeeper's configuration, parsed and validated once whatever its source (MicroProfile Config in a
 * container, the builder in Java SE): a wrong value fails with a {@link StateConfigurationException}
 * naming the property, the value (credentials masked) and what is accepted. The store's own properties
 * are read by its {@link org.statekeeper.spi.StoreProvider} through {@link #source()}.
 *
 * @param store the name of the store provider to use ({@code memory}, {@code redis}, …)
 * @param limits key and value size limits
 * @param nodeId this node's id, recorded in every event
 * @param healInterval how often the store is healed (pending keys re-applied, a lost store rebuilt)
 * @param sweepInterval how often expired keys are looked for and logged as {@code EXPIRE}
 * @param recoveryOnStartup what to do with the store at startup: {@code auto}, {@code rebuild}, {@code verify} or {@code none}
 * @param retention how long the log keeps events and how often that is applied, empty to keep every event
 * @param changeFeed whether committed changes are announced to, and heard from, the other nodes of a shared store
 * @param nearCache the near cache's bounds, empty when it is off
 * @param source every property, for the store provider to read its own
 */
public record StatekeeperSettings(String store, Limits limits, String nodeId, Duration healInterval,
        Duration sweepInterval, String recoveryOnStartup, Optional<Retention> retention, boolean changeFeed,
        Optional<NearCacheSettings> nearCache, Settings source) {

    /**
     * The log's retention.
     *
     * @param period events older than this are deleted (never a key's latest event)
     * @param schedule how long the retention job waits between runs
     */
    public record Retention(Duration period, Duration schedule) {
    }

    /** Property choosing the store. */
    public static final String STORE = "state.store";
    /** Property bounding key length. */
    public static final String MAX_KEY_LENGTH = "state.max-key-length";
    /** Property bounding encoded value size. */
    public static final String MAX_VALUE_BYTES = "state.max-value-bytes";
    /** Property naming this node in the log. */
    public static final String NODE_ID = "state.node-id";
    /** Property setting how often the store is healed. */
    public static final String HEAL_INTERVAL = "state.heal.interval";
    /** Property setting how often expired keys are swept. */
    public static final String SWEEP_INTERVAL = "state.expiry.sweep-interval";
    /** Property choosing what happens to the store at startup. */
    public static final String RECOVERY_ON_STARTUP = "state.recovery.on-startup";
    /** Property setting how long the log keeps events. */
    public static final String LOG_RETENTION = "state.log.retention";
    /** Property setting how often the log retention job runs. */
    public static final String LOG_RETENTION_SCHEDULE = "state.log.retention.schedule";
    /** Property turning the change feed between nodes on or off. */
    public static final String CHANGE_FEED = "state.change-feed";
    /** Property turning the near cache on or off. */
    public static final String NEAR_CACHE = "state.near-cache";
    /** Property bounding the near cache's number of keys. */
    public static final String NEAR_CACHE_MAX_ENTRIES = "state.near-cache.max-entries";
    /** Property bounding the near cache's memory. */
    public static final String NEAR_CACHE_MAX_BYTES = "state.near-cache.max-bytes";
    /** Property bounding how long a near-cached copy is served after it was read. */
    public static final String NEAR_CACHE_TTL = "state.near-cache.ttl";

    /**
     * Reads and validates every property through {@code lookup} (a property name to its value).
     *
     * @param lookup returns a property's value, empty when unset
     * @param propertyNames every property name the source holds (the store is chosen from them when
     *        {@code state.store} is unset)
     * @return the validated settings
     * @throws StateConfigurationException naming the first property with a wrong value
     */
    public static StatekeeperSettings read(Function<String, Optional<String>> lookup, Iterable<String> propertyNames) {
        SettingsReader read = new SettingsReader(lookup);
        String store = StoreChoice.storeName(read, propertyNames);
        int maxKey = read.intIn(MAX_KEY_LENGTH, Limits.DEFAULTS.maxKeyLength(), 1, Limits.KEY_COLUMN_LENGTH);
        int maxValue = read.intIn(MAX_VALUE_BYTES, Limits.DEFAULTS.maxValueBytes(), 1, Limits.VALUE_COLUMN_LENGTH);
        String nodeId = read.value(NODE_ID).orElseGet(NodeIds::defaultId);
        if (!NodeIds.valid(nodeId)) {
            throw new StateConfigurationException(NODE_ID, nodeId, NodeIds.ACCEPTED);
        }
        Duration heal = read.duration(HEAL_INTERVAL, Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMinutes(10));
        Duration sweep = read.duration(SWEEP_INTERVAL, Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofHours(1));
        String recovery = read.oneOf(RECOVERY_ON_STARTUP, "auto", List.of("auto", "rebuild", "verify", "none"));
        boolean feed = read.oneOf(CHANGE_FEED, "on", List.of("on", "off")).equals("on");
        return new StatekeeperSettings(store, new Limits(maxKey, maxValue), nodeId, heal, sweep, recovery,
                retention(read), feed, nearCache(read, feed), read);
    }

    /**
     * Reads and validates the given properties.
     *
     * @param properties property names to values
     * @return the validated settings
     * @throws StateConfigurationException naming the first property with a wrong value
     */
    public static StatekeeperSettings read(Map<String, String> properties) {
        return read(name -> Optional.ofNullable(properties.get(name)), properties.keySet());
    }

    private static Optional<NearCacheSettings> nearCache(SettingsReader read, boolean feed) {
        boolean on = read.oneOf(NEAR_CACHE, "off", List.of("on", "off")).equals("on");
        // Checked even when off, so a mistyped bound fails now rather than when the cache is turned on.
        long entries = read.intIn(NEAR_CACHE_MAX_ENTRIES, 10_000, 1, 100_000_000);
        long bytes = read.bytes(NEAR_CACHE_MAX_BYTES, 64L << 20, 1L << 10, 64L << 30);
        Duration ttl = read.duration(NEAR_CACHE_TTL, Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofDays(1));
        if (on && !feed) {
            throw new StateConfigurationException(NEAR_CACHE, "on",
                    "off while " + CHANGE_FEED + "=off: the near cache learns of other nodes' changes from the change feed");
        }
        return on ? Optional.of(new NearCacheSettings(entries, bytes, ttl)) : Optional.empty();
    }

    private static Optional<Retention> retention(SettingsReader read) {
        Optional<Duration> period = read.optionalDuration(LOG_RETENTION, Duration.ofMinutes(1), Duration.ofDays(36_500),
                "unset: every event is kept");
        // Checked even without a period, so a mistyped schedule fails now rather than when retention is turned on.
        Duration schedule = read.duration(LOG_RETENTION_SCHEDULE, Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofDays(1));
        return period.map(p -> new Retention(p, schedule));
    }
}
