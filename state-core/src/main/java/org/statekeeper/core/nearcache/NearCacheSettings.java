package org.statekeeper.core.nearcache;

import java.time.Duration;

/**
 * The bounds of a near cache.
 *
 * @param maxEntries the most keys kept
 * @param maxBytes the most memory the copies take, estimated from their keys' and values' lengths
 * @param ttl how long a copy is served at most after it was read or written: what an announcement lost
 *        without any sign can cost
 */
public record NearCacheSettings(long maxEntries, long maxBytes, Duration ttl) {

    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException when a bound is not positive
     */
    public NearCacheSettings {
        if (maxEntries <= 0 || maxBytes <= 0 || ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("near cache bounds must be positive: " + maxEntries + " entries, "
                    + maxBytes + " bytes, " + ttl);
        }
    }
}
