package org.statekeeper.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.statekeeper.spi.Checkpoints;
import org.statekeeper.spi.ExpiringValue;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.StoredValue;

/**
 * A store in this JVM's memory: for a single node, and for tests. Deleted keys keep a tombstone
 * with their version so a late, older write cannot bring them back.
 */
public final class InMemoryStateStore implements StateStore {

    private record Entry(String json, long version, Instant expiresAt) {
    }

    private record Lock(String owner, Instant until) {
    }

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Lock> locks = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile String generation;
    private final ConcurrentMap<String, Instant> checkpoints = new ConcurrentHashMap<>();
    private final boolean shared;

    /** Creates an empty store on the system clock. */
    public InMemoryStateStore() {
        this(Clock.systemUTC());
    }

    /**
     * Creates an empty store whose expiries are judged by {@code clock}.
     *
     * @param clock the time source for expiry
     */
    public InMemoryStateStore(Clock clock) {
        this(clock, false);
    }

    /**
     * Creates an empty store whose expiries are judged by {@code clock}, which tests may declare
     * {@link #shared()}: one instance that several engines write, as they would one Redis.
     *
     * @param clock the time source for expiry
     * @param shared whether several engines sharing one log write this one instance
     */
    public InMemoryStateStore(Clock clock, boolean shared) {
        this.clock = clock;
        this.shared = shared;
    }

    /** Returns false unless created shared: each node of a log normally has its own memory. */
    @Override
    public boolean shared() {
        return shared;
    }

    @Override
    public Optional<StoredValue> get(String key) {
        Entry e = entries.get(key);
        if (e == null || !Head.live(e.json(), e.expiresAt(), clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(new StoredValue(e.json(), e.version()));
    }

    @Override
    public Optional<ExpiringValue> getExpiring(String key) {
        Entry e = entries.get(key);
        if (e == null || !Head.live(e.json(), e.expiresAt(), clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(new ExpiringValue(e.json(), e.version(), e.expiresAt()));
    }

    @Override
    public boolean apply(String key, long version, String json, Instant expiresAt) {
        Entry next = new Entry(json, version, expiresAt);
        return entries.merge(key, next, (held, offered) -> offered.version() > held.version() ? offered : held) == next;
    }

    @Override
    public void clear() {
        generation = null;
        checkpoints.clear();
        entries.clear();
    }

    @Override
    public boolean tryLock(String name, String owner, Duration lease) {
        Instant now = clock.instant();
        Lock mine = new Lock(owner, now.plus(lease));
        Lock held = locks.compute(name, (n, current) ->
                current == null || current.owner().equals(owner) || !now.isBefore(current.until()) ? mine : current);
        return held == mine;
    }

    @Override
    public void unlock(String name, String owner) {
        locks.computeIfPresent(name, (n, current) -> current.owner().equals(owner) ? null : current);
    }

    @Override
    public boolean forget(String key, long deletedVersion) {
        boolean[] removed = {false};
        entries.computeIfPresent(key, (k, held) -> {
            removed[0] = held.version() <= deletedVersion;
            return removed[0] ? null : held;
        });
        return removed[0];
    }

    @Override
    public void forEachKey(Consumer<String> action) {
        entries.keySet().forEach(action);
    }

    @Override
    public Checkpoints checkpoints() {
        return new Checkpoints(null, checkpoints);
    }

    /** Records the checkpoint: a memory store has no epoch, it never loses writes without losing itself. */
    @Override
    public boolean markCheckpoint(String node, Instant at, String epoch) {
        checkpoints.put(node, at);
        return true;
    }

    @Override
    public Optional<String> generation() {
        return Optional.ofNullable(generation);
    }

    @Override
    public void markGeneration(String marker) {
        generation = marker;
    }
}
