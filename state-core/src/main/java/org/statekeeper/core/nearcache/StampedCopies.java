package org.statekeeper.core.nearcache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.lang.reflect.Type;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.statekeeper.NearCacheStats;
import org.statekeeper.spi.StoredValue;

/**
 * The near cache's bounded table of copies, and the stamps that settle its races, apart from the store it
 * fronts: what may be served and kept is decided here, what the store is told in {@link NearCache}.
 *
 * <p>Races between a read of the store and an announcement are settled by stamps: each key hashes to a
 * counter that every invalidation or write of the key increments; a value read from the store is kept only
 * if its key's counter (and the count of full clears) did not move while it was being read, and never
 * replaces a newer version, so the copies of one node never go back in version.
 */
final class StampedCopies {

    private static final int STRIPES = 1 << 12;

    private final LongSupplier continuity;
    private final Clock clock;
    private final Cache<String, Copy> copies;
    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
    private final AtomicLong clears = new AtomicLong();
    /** The feed's continuity the copies were made under; {@code Long.MIN_VALUE} before any. */
    private volatile long period = Long.MIN_VALUE;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder bypassed = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final LongAdder fullClears = new LongAdder();

    StampedCopies(NearCacheSettings settings, LongSupplier continuity, Clock clock) {
        this.continuity = continuity;
        this.clock = clock;
        // Every copy weighs at least its share of the entry bound, so both bounds hold with one weight.
        long share = Math.max(1, settings.maxBytes() / settings.maxEntries());
        this.copies = Caffeine.newBuilder()
                .maximumWeight(settings.maxBytes())
                .weigher((String key, Copy c) -> (int) Math.min(Integer.MAX_VALUE, Math.max(share, c.bytes(key))))
                .expireAfterWrite(settings.ttl())
                // Maintenance on the calling threads: no pool of the JVM's that a container does not manage.
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    /** Returns the key's copy to serve, or null when there is none (counted as a miss or a bypass). */
    Hit hit(String key) {
        if (!usable()) {
            bypassed.increment();
            return null;
        }
        Copy c = copies.getIfPresent(key);
        if (c == null) {
            misses.increment();
            return null;
        }
        hits.increment();
        return new Hit(c, c.valueAt(clock.instant()));
    }

    /** Decodes {@code value} through the key's copy when it is that copy's own text, else with {@code decode}. */
    <T> T decode(String key, StoredValue value, Type type, Supplier<T> decode) {
        Copy c = copies.getIfPresent(key);
        if (c == null || !c.holds(value)) {
            return decode.get(); // not the copy's own text (overlay, log, or just replaced): no shortcut
        }
        return c.decode(type, decode);
    }

    /** Returns the key's stamp, to be taken before the store is read for {@link #keep}. */
    long stamp(String key) {
        usable(); // a new continuity drops every copy now, not between this stamp and the offer
        return clears.get() << 32 | (stripes.get(stripe(key)) & 0xFFFF_FFFFL);
    }

    /** Keeps {@code copy} unless the key's stamp moved since {@code stamp} or a newer version is kept. */
    void keep(String key, long stamp, Copy copy) {
        if (!usable() || !copy.liveAt(clock.instant())) {
            return;
        }
        copies.asMap().compute(key, (k, held) -> {
            if (stamp(key) != stamp) {
                return held;
            }
            return held != null && held.version > copy.version ? held : copy;
        });
    }

    /** Drops the key's copy and moves its stamp, so a read of the store under way is not kept. */
    void drop(String key) {
        stripes.incrementAndGet(stripe(key));
        copies.invalidate(key);
    }

    /** Drops the key's copy on another node's announcement, counted as an invalidation. */
    void invalidate(String key) {
        invalidations.increment();
        drop(key);
    }

    /** Drops every copy, and keeps every read of the store under way from being kept. */
    void invalidateAll() {
        fullClears.increment();
        clears.incrementAndGet();
        copies.invalidateAll();
    }

    /** Returns the counters and sizes so far. */
    NearCacheStats stats() {
        CacheStats caffeine = copies.stats();
        copies.cleanUp();
        return new NearCacheStats(hits.sum(), misses.sum(), bypassed.sum(), copies.estimatedSize(),
                copies.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L),
                caffeine.evictionCount(), invalidations.sum(), fullClears.sum());
    }

    private boolean usable() {
        long now = continuity.getAsLong();
        if (now < 0) {
            return false;
        }
        if (now != period) {
            synchronized (this) {
                if (now != period) {
                    // Announcements may have been lost before this continuity began: no copy is known good.
                    invalidateAll();
                    period = now;
                }
            }
        }
        return true;
    }

    private static int stripe(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }
}
