package org.statekeeper.health;

import java.time.Duration;
import java.util.List;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.spi.Settings;

/**
 * The health checks' properties, validated once at startup.
 *
 * @param storeRequired whether a store that does not answer makes this node not ready ({@code state.health.store-required})
 * @param stallAfter how long a heal may take, or a key stay pending while the store answers, before this node is
 *        not live ({@code state.health.stall-after})
 */
public record HealthSettings(boolean storeRequired, Duration stallAfter) {

    /** Whether a lost store makes the node not ready: {@code true} or {@code false} (the default). */
    public static final String STORE_REQUIRED = "state.health.store-required";
    /** How long the heal loop may stand still before the node is not live: a duration, default 2 minutes. */
    public static final String STALL_AFTER = "state.health.stall-after";
    /** The heal runs at least this many times within the stall bound, so one slow run is not taken for a stall. */
    static final int HEALS_PER_STALL = 3;

    /**
     * Reads and validates the properties.
     *
     * @param settings Statekeeper's configuration
     * @param healInterval how often the heal runs
     * @return the settings
     * @throws StateConfigurationException naming the property with a wrong value
     */
    public static HealthSettings read(Settings settings, Duration healInterval) {
        boolean required = Boolean.parseBoolean(settings.oneOf(STORE_REQUIRED, "false", List.of("true", "false")));
        Duration least = healInterval.multipliedBy(HEALS_PER_STALL);
        Duration stall = settings.duration(STALL_AFTER, Duration.ofMinutes(2), Duration.ofSeconds(1), Duration.ofDays(1));
        if (stall.compareTo(least) < 0) {
            throw new StateConfigurationException(STALL_AFTER, stall.toString(),
                    "a duration of at least " + HEALS_PER_STALL + " heal intervals (state.heal.interval), here " + least);
        }
        return new HealthSettings(required, stall);
    }
}
