package org.statekeeper;

/**
 * What a node's near cache has done since it started, and how full it is: for metrics and monitoring.
 *
 * @param hits reads served from a copy
 * @param misses reads that found no copy and went to the store
 * @param bypassed reads that went to the store because the change feed could not vouch for any copy
 * @param size the copies kept now
 * @param bytes the memory they are counted for against {@code state.near-cache.max-bytes}: each copy its
 *        estimated size, and at least max-bytes / max-entries
 * @param evictions copies dropped to stay within the bounds or because their time to live ran out
 * @param invalidations copies dropped because another node announced a change of their key
 * @param clears times every copy was dropped (feed interrupted, store epoch changed, store cleared or failing)
 */
public record NearCacheStats(long hits, long misses, long bypassed, long size, long bytes, long evictions,
        long invalidations, long clears) {

    /**
     * Returns the share of reads served from a copy, 0 when there was none.
     *
     * @return hits over all reads
     */
    public double hitRatio() {
        long reads = hits + misses + bypassed;
        return reads == 0 ? 0 : (double) hits / reads;
    }
}
