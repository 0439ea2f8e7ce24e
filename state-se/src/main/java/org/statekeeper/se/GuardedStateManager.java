package org.statekeeper.se;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.statekeeper.StateManager;
import org.statekeeper.Versioned;

/**
 * The engine as handed to the application: once closed, every call fails. Without this a closed
 * instance would quietly serve reads from the log and leave writes pending, which hides the bug.
 */
final class GuardedStateManager implements StateManager {

    private final StateManager engine;
    private final AtomicBoolean closed = new AtomicBoolean();

    GuardedStateManager(StateManager engine) {
        this.engine = engine;
    }

    /** Marks the manager closed; returns false when it already was. */
    boolean close() {
        return closed.compareAndSet(false, true);
    }

    void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("This Statekeeper instance is closed");
        }
    }

    @Override
    public <T> Optional<T> get(String key, Class<T> type) {
        checkOpen();
        return engine.get(key, type);
    }

    @Override
    public <T> T get(String key, Class<T> type, T defaultValue) {
        checkOpen();
        return engine.get(key, type, defaultValue);
    }

    @Override
    public <T> Optional<T> get(String key, Type type) {
        checkOpen();
        return engine.get(key, type);
    }

    @Override
    public <T> Optional<Versioned<T>> getVersioned(String key, Class<T> type) {
        checkOpen();
        return engine.getVersioned(key, type);
    }

    @Override
    public long set(String key, Object value) {
        checkOpen();
        return engine.set(key, value);
    }

    @Override
    public long set(String key, Object value, Duration ttl) {
        checkOpen();
        return engine.set(key, value, ttl);
    }

    @Override
    public SortedMap<String, Long> setAll(Map<String, ?> values) {
        checkOpen();
        return engine.setAll(values);
    }

    @Override
    public long compareAndSet(String key, long expectedVersion, Object value) {
        checkOpen();
        return engine.compareAndSet(key, expectedVersion, value);
    }

    @Override
    public <T> T update(String key, Class<T> type, UnaryOperator<T> fn) {
        checkOpen();
        return engine.update(key, type, fn);
    }

    @Override
    public boolean delete(String key) {
        checkOpen();
        return engine.delete(key);
    }
}
