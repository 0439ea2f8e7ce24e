package org.statekeeper.core;

import java.time.Instant;
import java.util.Optional;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.StoredValue;

/**
 * An in-memory store whose writes can be made to fail (as Redis does when it is down) or to wait,
 * so a test can choose the order in which after-commit applies land.
 */
final class SwitchableStore implements StateStore {

    /** Runs before each apply; may throw to fail it or block to delay it. */
    interface ApplyHook {
        void beforeApply(String key, long version);
    }

    private volatile InMemoryStateStore delegate;
    private volatile java.time.Clock clock = java.time.Clock.systemUTC();
    private volatile int life = 1;
    private volatile Snapshot snapshot;
    /** The epoch recorded with the checkpoints, as Redis keeps it in the checkpoints' hash. */
    private volatile String recordedEpoch;

    /** What the store held at a moment, as a Redis RDB file does. */
    private record Snapshot(java.util.Map<String, StoredValue> values, Optional<String> generation,
            org.statekeeper.spi.Checkpoints checkpoints) {
    }
    private final java.util.concurrent.atomic.AtomicInteger markerFailures = new java.util.concurrent.atomic.AtomicInteger();
    private volatile ApplyHook hook = (key, version) -> {
    };

    SwitchableStore() {
        this(new InMemoryStateStore());
    }

    /** A store over {@code delegate}, such as one on a clock the test moves. */
    SwitchableStore(InMemoryStateStore delegate) {
        this.delegate = delegate;
    }

    /** A store on {@code clock}, which can also be snapshotted and restored. */
    SwitchableStore(java.time.Clock clock) {
        this(clock, false);
    }

    /** Like {@link #SwitchableStore(java.time.Clock)}, declared shared by every node (as Redis) when {@code shared}. */
    SwitchableStore(java.time.Clock clock, boolean shared) {
        this(new InMemoryStateStore(clock, shared));
        this.clock = clock;
    }

    /** Saves what the store holds now (values, marker, checkpoint), as Redis writes its RDB file. */
    void snapshot() {
        java.util.Map<String, StoredValue> values = new java.util.HashMap<>();
        delegate.forEachKey(key -> delegate.get(key).ifPresent(v -> values.put(key, v)));
        snapshot = new Snapshot(values, delegate.generation(), checkpoints());
    }

    /** Restarts the store from the last snapshot: what was written since is lost, and a new epoch begins. */
    void restartFromSnapshot() {
        InMemoryStateStore restored = new InMemoryStateStore(clock, delegate.shared());
        snapshot.values().forEach((key, v) -> restored.apply(key, v.version(), v.json()));
        snapshot.generation().ifPresent(restored::markGeneration);
        snapshot.checkpoints().nodes().forEach((node, at) -> restored.markCheckpoint(node, at, null));
        recordedEpoch = snapshot.checkpoints().epoch();
        delegate = restored;
        life++;
    }

    @Override
    public Optional<String> epoch() {
        return Optional.of("life-" + life);
    }

    void failApplies(boolean failing) {
        hook = failing ? (key, version) -> {
            throw new IllegalStateException("store unavailable");
        } : (key, version) -> {
        };
    }

    void beforeApply(ApplyHook hook) {
        this.hook = hook;
    }

    @Override
    public Optional<org.statekeeper.spi.ExpiringValue> getExpiring(String key) {
        return delegate.getExpiring(key);
    }

    @Override
    public Optional<StoredValue> get(String key) {
        return delegate.get(key);
    }

    @Override
    public boolean apply(String key, long version, String json, Instant expiresAt) {
        hook.beforeApply(key, version);
        return delegate.apply(key, version, json, expiresAt);
    }

    @Override
    public boolean tryLock(String name, String owner, java.time.Duration lease) {
        return delegate.tryLock(name, owner, lease);
    }

    @Override
    public void unlock(String name, String owner) {
        delegate.unlock(name, owner);
    }

    @Override
    public boolean forget(String key, long deletedVersion) {
        hook.beforeApply(key, deletedVersion);
        return delegate.forget(key, deletedVersion);
    }

    @Override
    public void forEachKey(java.util.function.Consumer<String> action) {
        delegate.forEachKey(action);
    }

    @Override
    public org.statekeeper.spi.Checkpoints checkpoints() {
        return new org.statekeeper.spi.Checkpoints(recordedEpoch, delegate.checkpoints().nodes());
    }

    /** Records the checkpoint only while the store is still in {@code epoch}, as the Redis script does. */
    @Override
    public boolean markCheckpoint(String node, Instant at, String epoch) {
        if (epoch != null && !epoch.equals(epoch().orElseThrow())) {
            return false;
        }
        recordedEpoch = epoch;
        return delegate.markCheckpoint(node, at, epoch);
    }

    @Override
    public boolean shared() {
        return delegate.shared();
    }

    @Override
    public void clear() {
        recordedEpoch = null;
        delegate.clear();
    }

    @Override
    public Optional<String> generation() {
        if (markerFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("store too slow to answer");
        }
        return delegate.generation();
    }

    /** Makes the next {@code n} reads of the generation marker fail, as a store slow to answer does. */
    void failMarkerReads(int n) {
        markerFailures.set(n);
    }

    @Override
    public void markGeneration(String marker) {
        delegate.markGeneration(marker);
    }
}
