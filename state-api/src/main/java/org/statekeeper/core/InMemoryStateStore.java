package org.statekeeper.core;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.StoredValue;

/**
 * A store in this JVM's memory: for a single node, and for tests. Deleted keys keep a tombstone
 * with their version so a late, older write cannot bring them back.
 */
public final class InMemoryStateStore implements StateStore {

    private record Entry(String json, long version) {
    }

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile String generation;

    @Override
    public Optional<StoredValue> get(String key) {
        Entry e = entries.get(key);
        return e == null || e.json() == null ? Optional.empty() : Optional.of(new StoredValue(e.json(), e.version()));
    }

    @Override
    public boolean apply(String key, long version, String json) {
        Entry next = new Entry(json, version);
        return entries.merge(key, next, (held, offered) -> offered.version() > held.version() ? offered : held) == next;
    }

    @Override
    public void clear() {
        generation = null;
        entries.clear();
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
