package org.statekeeper.core.metrics;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.UnaryOperator;
import org.statekeeper.StateConflictException;
import org.statekeeper.StateManager;
import org.statekeeper.Versioned;
import org.statekeeper.core.metrics.StateMetrics.Operation;

/**
 * A {@link StateManager} that counts and times every call of another into {@link StateMetrics}, and counts
 * compare-and-set conflicts; calls that throw are counted too. Kept apart from the engine so that the engine's
 * logic carries no measuring. Each method spells out its try/finally rather than passing the call as a lambda to
 * one helper: a capturing lambda per call would allocate on the call path.
 */
public final class MeteredStateManager implements StateManager {

    private final StateManager engine;
    private final StateMetrics metrics;

    /**
     * Wraps {@code engine}.
     *
     * @param engine what does the work
     * @param metrics where the calls are counted
     */
    public MeteredStateManager(StateManager engine, StateMetrics metrics) {
        this.engine = engine;
        this.metrics = metrics;
    }

    @Override
    public <T> Optional<T> get(String key, Class<T> type) {
        long start = System.nanoTime();
        try {
            return engine.get(key, type);
        } finally {
            metrics.completed(Operation.GET, start);
        }
    }

    @Override
    public <T> T get(String key, Class<T> type, T defaultValue) {
        long start = System.nanoTime();
        try {
            return engine.get(key, type, defaultValue);
        } finally {
            metrics.completed(Operation.GET, start);
        }
    }

    @Override
    public <T> Optional<T> get(String key, Type type) {
        long start = System.nanoTime();
        try {
            return engine.get(key, type);
        } finally {
            metrics.completed(Operation.GET, start);
        }
    }

    @Override
    public <T> Optional<Versioned<T>> getVersioned(String key, Class<T> type) {
        long start = System.nanoTime();
        try {
            return engine.getVersioned(key, type);
        } finally {
            metrics.completed(Operation.GET, start);
        }
    }

    @Override
    public long set(String key, Object value) {
        long start = System.nanoTime();
        try {
            return engine.set(key, value);
        } finally {
            metrics.completed(Operation.SET, start);
        }
    }

    @Override
    public long set(String key, Object value, Duration ttl) {
        long start = System.nanoTime();
        try {
            return engine.set(key, value, ttl);
        } finally {
            metrics.completed(Operation.SET, start);
        }
    }

    @Override
    public SortedMap<String, Long> setAll(Map<String, ?> values) {
        long start = System.nanoTime();
        try {
            return engine.setAll(values);
        } finally {
            metrics.completed(Operation.SET_ALL, start);
        }
    }

    @Override
    public long compareAndSet(String key, long expectedVersion, Object value) {
        long start = System.nanoTime();
        try {
            return engine.compareAndSet(key, expectedVersion, value);
        } catch (StateConflictException e) {
            metrics.casConflict();
            throw e;
        } finally {
            metrics.completed(Operation.COMPARE_AND_SET, start);
        }
    }

    @Override
    public <T> T update(String key, Class<T> type, UnaryOperator<T> fn) {
        long start = System.nanoTime();
        try {
            return engine.update(key, type, fn);
        } finally {
            metrics.completed(Operation.UPDATE, start);
        }
    }

    @Override
    public boolean delete(String key) {
        long start = System.nanoTime();
        try {
            return engine.delete(key);
        } finally {
            metrics.completed(Operation.DELETE, start);
        }
    }
}
