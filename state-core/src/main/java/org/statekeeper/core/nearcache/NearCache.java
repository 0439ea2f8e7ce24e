package org.statekeeper.core.nearcache;

import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.statekeeper.NearCacheStats;
import org.statekeeper.spi.Checkpoints;
import org.statekeeper.spi.ExpiringValue;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.StoredValue;

/**
 * A bounded copy, in this JVM, of what the store answered for recently read keys, in front of that store:
 * every store operation passes through to it, and every write through here also updates or drops the key's
 * copy, so a node reads its own commits at once.
 *
 * <p>Nothing here is served unless the change feed vouches for it: a copy is served only while the feed's
 * {@linkplain org.statekeeper.spi.ChangeFeed#continuity() continuity} is the one it was cached under (a
 * reconnect, a failover or a gap in another node's announcements drops every copy, and while the feed may
 * not be delivering nothing is served), and only until the safety time to live has passed since it was
 * read, which bounds what an announcement lost without any sign can cost.
 *
 * <p>Races between a read of the store and an announcement are settled by stamps ({@link StampedCopies}),
 * so the copies of one node never go back in version.
 */
public final class NearCache implements StateStore {

    private final StateStore store;
    private final Runnable unannounced;
    private final StampedCopies copies;
    private volatile String epoch;

    /**
     * Puts a near cache in front of {@code store}.
     *
     * @param store the store, which must tell values' expiries ({@link StateStore#getExpiring})
     * @param settings its bounds and safety time to live
     * @param continuity the change feed's continuity (-1 while it may not deliver, or before it is open)
     * @param clock the time source judging values' expiries
     */
    public NearCache(StateStore store, NearCacheSettings settings, LongSupplier continuity, Clock clock) {
        this(store, settings, continuity, clock, () -> { });
    }

    /**
     * Like {@link #NearCache(StateStore, NearCacheSettings, LongSupplier, Clock)}, telling {@code unannounced}
     * after each write to the store outside a commit ({@link #applyCommitted} and {@link #applyAllCommitted}
     * are the commit's, which the change feed announces), so the other nodes drop their copies.
     *
     * @param store the store
     * @param settings its bounds and safety time to live
     * @param continuity the change feed's continuity
     * @param clock the time source judging values' expiries
     * @param unannounced told after a write no announcement covers
     */
    public NearCache(StateStore store, NearCacheSettings settings, LongSupplier continuity, Clock clock,
            Runnable unannounced) {
        this.unannounced = Objects.requireNonNull(unannounced, "unannounced");
        this.store = Objects.requireNonNull(store, "store");
        this.copies = new StampedCopies(settings, Objects.requireNonNull(continuity, "continuity"),
                Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Returns the copy of the key's value (empty: the store did not hold it), or null when there is none to
     * serve, in which case the caller reads the store and {@linkplain #offer offers} what it read.
     *
     * @param key the key
     * @return the copy, or null
     */
    public Optional<StoredValue> cached(String key) {
        Hit hit = copies.hit(key);
        return hit == null ? null : hit.value();
    }

    /**
     * Returns what {@link #cached} would, as a hit that decodes through the copy it was served from, or null
     * when there is no copy to serve.
     *
     * @param key the key
     * @return the hit, or null
     */
    public Hit hit(String key) {
        return copies.hit(key);
    }

    /**
     * Decodes {@code value} as {@code type}, or, when {@code value} is the key's current copy and values of
     * {@code type} can be copied safely ({@link Copies}), returns a fresh copy of the value decoded once for
     * that copy: no reader can change what another reads.
     *
     * @param key the key
     * @param value what {@link #cached} or the store answered for it
     * @param type the type to decode as
     * @param decode decodes {@code value} as {@code type}
     * @param <T> the type
     * @return a value no other reader holds
     */
    public <T> T decode(String key, StoredValue value, Type type, Supplier<T> decode) {
        return copies.decode(key, value, type, decode);
    }

    /**
     * Returns the key's stamp, taken before reading the store for {@link #offer}.
     *
     * @param key the key
     * @return the stamp
     */
    public long stamp(String key) {
        return copies.stamp(key);
    }

    /**
     * Keeps what the store answered for {@code key}, unless the key was written or invalidated, or the feed's
     * continuity changed, since {@code stamp} was taken, or a newer version is already kept.
     *
     * @param key the key
     * @param stamp the key's stamp from before the store was read
     * @param read what the store answered
     */
    public void offer(String key, long stamp, Optional<ExpiringValue> read) {
        copies.keep(key, stamp, Copy.of(read));
    }

    /**
     * Drops the key's copy, and keeps any read of the store already under way from being kept: another node
     * announced a change of it.
     *
     * @param key the key
     */
    public void invalidate(String key) {
        copies.invalidate(key);
    }

    /** Drops every copy, and keeps every read of the store under way from being kept. */
    public void invalidateAll() {
        copies.invalidateAll();
    }

    /**
     * Returns the cache's counters and sizes so far.
     *
     * @return the statistics
     */
    public NearCacheStats stats() {
        return copies.stats();
    }

    private void drop(String key) {
        copies.drop(key);
    }

    /** A write of this node: the key's copy becomes what was written, once it is in the store. */
    private void wrote(String key, long version, String json, Instant expiresAt) {
        drop(key);
        copies.keep(key, copies.stamp(key), new Copy(json, version, expiresAt));
    }

    // ---- the store's operations: reads pass through, writes update or drop the copies ----

    /** Returns the store's own answer, never a copy: callers of {@code get} check the store itself. */
    @Override
    public Optional<StoredValue> get(String key) {
        return store.get(key);
    }

    @Override
    public Optional<ExpiringValue> getExpiring(String key) {
        return store.getExpiring(key);
    }

    /**
     * Applies a committed change, which the change feed announces to the other nodes, and keeps it as the
     * key's copy once the store has it.
     *
     * @return whether the store applied it
     */
    public boolean applyCommitted(String key, long version, String json, Instant expiresAt) {
        boolean applied;
        try {
            applied = store.apply(key, version, json, expiresAt);
        } catch (RuntimeException e) {
            drop(key);
            throw e;
        }
        if (applied) {
            wrote(key, version, json, expiresAt);
        } else {
            drop(key);
        }
        return applied;
    }

    /** Applies the committed changes of one transaction, which the change feed announces; drops their copies. */
    public void applyAllCommitted(List<Head> heads) {
        try {
            store.applyAll(heads);
        } finally {
            heads.forEach(h -> drop(h.key()));
        }
    }

    /** A write outside a commit (heal, recovery): as {@link #applyCommitted}, then the other nodes are told. */
    @Override
    public boolean apply(String key, long version, String json, Instant expiresAt) {
        boolean applied = applyCommitted(key, version, json, expiresAt);
        if (applied) {
            unannounced.run();
        }
        return applied;
    }

    /** Writes outside a commit (heal, recovery): their copies dropped, then the other nodes are told. */
    @Override
    public void applyAll(List<Head> heads) {
        try {
            applyAllCommitted(heads);
        } finally {
            if (!heads.isEmpty()) {
                unannounced.run();
            }
        }
    }

    @Override
    public PendingWrites fill(List<Head> heads) {
        heads.forEach(h -> drop(h.key()));
        PendingWrites writes = store.fill(heads);
        return () -> {
            try {
                writes.await();
            } finally {
                heads.forEach(h -> drop(h.key()));
                unannounced.run();
            }
        };
    }

    @Override
    public boolean delete(String key, long version) {
        try {
            return store.delete(key, version);
        } finally {
            drop(key);
            unannounced.run();
        }
    }

    @Override
    public boolean forget(String key, long deletedVersion) {
        try {
            return store.forget(key, deletedVersion);
        } finally {
            drop(key);
        }
    }

    @Override
    public void forEachKey(Consumer<String> action) {
        store.forEachKey(action);
    }

    @Override
    public void clear() {
        invalidateAll();
        try {
            store.clear();
        } finally {
            invalidateAll();
            unannounced.run();
        }
    }

    @Override
    public Optional<String> generation() {
        return store.generation();
    }

    @Override
    public void markGeneration(String marker) {
        store.markGeneration(marker);
    }

    @Override
    public Checkpoints checkpoints() {
        return store.checkpoints();
    }

    @Override
    public boolean markCheckpoint(String node, Instant at, String epoch) {
        return store.markCheckpoint(node, at, epoch);
    }

    @Override
    public boolean shared() {
        return store.shared();
    }

    /** Returns the store's epoch; a changed epoch (the store lost writes) drops every copy. */
    @Override
    public Optional<String> epoch() {
        Optional<String> now = store.epoch();
        String seen = epoch;
        if (now.isPresent() && !now.get().equals(seen)) {
            if (seen != null) {
                invalidateAll();
            }
            epoch = now.get();
        }
        return now;
    }

    @Override
    public boolean tryLock(String name, String owner, Duration lease) {
        return store.tryLock(name, owner, lease);
    }

    @Override
    public void unlock(String name, String owner) {
        store.unlock(name, owner);
    }
}
