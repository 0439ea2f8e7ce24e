package org.statekeeper;

import java.util.Optional;

/**
 * What this node's Statekeeper is doing, for monitoring and metrics; {@code @Inject StateMonitor} in a
 * container, {@code StatekeeperSe.monitor()} in Java SE. Each call reads the current figures.
 */
public interface StateMonitor {

    /**
     * Returns the near cache's statistics now, or empty when the near cache is off.
     *
     * @return hits, misses, size, evictions, invalidations and clears since this node started
     */
    Optional<NearCacheStats> nearCache();

    /**
     * Returns how this node's store stands with the log now: serving, healing (pending keys, failing).
     *
     * @return the store's status
     */
    StoreStatus store();

    /**
     * Returns how this node's heal loop is doing now: when it last ended, whether it could read the log, and
     * since when the oldest pending key has waited for the store.
     *
     * @return the heal status
     */
    HealStatus healing();
}
