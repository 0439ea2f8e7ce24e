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

    private final InMemoryStateStore delegate;
    private volatile ApplyHook hook = (key, version) -> {
    };

    SwitchableStore() {
        this(new InMemoryStateStore());
    }

    /** A store over {@code delegate}, such as one on a clock the test moves. */
    SwitchableStore(InMemoryStateStore delegate) {
        this.delegate = delegate;
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
    public Optional<Instant> checkpoint() {
        return delegate.checkpoint();
    }

    @Override
    public void markCheckpoint(Instant at) {
        delegate.markCheckpoint(at);
    }

    @Override
    public void clear() {
        delegate.clear();
    }

    @Override
    public Optional<String> generation() {
        return delegate.generation();
    }

    @Override
    public void markGeneration(String marker) {
        delegate.markGeneration(marker);
    }
}
