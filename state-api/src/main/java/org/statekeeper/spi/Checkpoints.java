package org.statekeeper.spi;

import java.time.Instant;
import java.util.Map;

/**
 * The nodes' checkpoints a store holds, with the store epoch they were recorded in: a store whose
 * {@link StoreMarkers#epoch()} differs from {@code epoch} came back from a restart, a snapshot or a
 * failover, and may have lost writes made after these checkpoints.
 *
 * @param epoch the store epoch of the latest checkpoint recorded, null when none was or the store has no epoch
 * @param nodes by node id, the instant (by that node's clock) before which every change the node committed
 *        in a transaction whose first change came earlier is in the store
 */
public record Checkpoints(String epoch, Map<String, Instant> nodes) {

    /** Copies the map. */
    public Checkpoints {
        nodes = Map.copyOf(nodes);
    }

    /** Returns the checkpoints of a store that holds none. */
    public static Checkpoints none() {
        return new Checkpoints(null, Map.of());
    }
}
