package org.statekeeper.cdi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.core.Limits;

/**
 * Statekeeper's MicroProfile Config properties, validated: a wrong value fails deployment with a
 * message naming the property and what it accepts.
 *
 * @param store the store kind ({@code memory})
 * @param limits key and value size limits
 * @param nodeId this node's id, recorded in every event
 */
public record StatekeeperConfig(String store, Limits limits, String nodeId) {

    /** Property choosing the store. */
    public static final String STORE = "state.store";
    /** Property bounding key length. */
    public static final String MAX_KEY_LENGTH = "state.max-key-length";
    /** Property bounding encoded value size. */
    public static final String MAX_VALUE_BYTES = "state.max-value-bytes";
    /** Property naming this node in the log. */
    public static final String NODE_ID = "state.node-id";

    /**
     * Reads and validates the properties through {@code lookup} (a property name to its value).
     *
     * @param lookup returns a property's value, empty when unset
     * @return the validated configuration
     * @throws StateConfigurationException naming the first property with a wrong value
     */
    public static StatekeeperConfig from(Function<String, Optional<String>> lookup) {
        String store = lookup.apply(STORE).map(String::trim).orElse("memory");
        if (!store.equals("memory")) {
            throw new StateConfigurationException(STORE, store,
                    "memory (redis arrives with the state-redis module)");
        }
        int maxKey = intIn(lookup, MAX_KEY_LENGTH, Limits.DEFAULTS.maxKeyLength(), 1, Limits.KEY_COLUMN_LENGTH);
        int maxValue = intIn(lookup, MAX_VALUE_BYTES, Limits.DEFAULTS.maxValueBytes(), 1, Limits.VALUE_COLUMN_LENGTH);
        String nodeId = lookup.apply(NODE_ID).map(String::trim).orElseGet(StatekeeperConfig::hostName);
        if (nodeId.isEmpty() || nodeId.length() > 128 || nodeId.chars().anyMatch(Character::isISOControl)) {
            throw new StateConfigurationException(NODE_ID, nodeId,
                    "1 to 128 printable characters (default: the host name)");
        }
        return new StatekeeperConfig(store, new Limits(maxKey, maxValue), nodeId);
    }

    private static int intIn(Function<String, Optional<String>> lookup, String property, int defaultValue,
            int min, int max) {
        Optional<String> raw = lookup.apply(property).map(String::trim);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String accepted = "an integer from " + min + " to " + max + " (default " + defaultValue + ")";
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw new StateConfigurationException(property, raw.get(), accepted);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new StateConfigurationException(property, raw.get(), accepted);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node-" + UUID.randomUUID();
        }
    }
}
