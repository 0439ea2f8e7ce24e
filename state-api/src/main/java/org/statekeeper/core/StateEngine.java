package org.statekeeper.core;

import java.lang.System.Logger.Level;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.statekeeper.ChangeType;
import org.statekeeper.StateChanged;
import org.statekeeper.StateConflictException;
import org.statekeeper.StateManager;
import org.statekeeper.Versioned;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.LoggedChange;
import org.statekeeper.spi.StoredValue;

/**
 * The container-free {@link StateManager}: orders the write path (validate, encode, lock the key's
 * head row, append to the log, remember the change in the transaction's overlay, apply to the store
 * after commit) and serves reads from the overlay, then the store.
 */
public final class StateEngine implements StateManager {

    private static final System.Logger LOG = System.getLogger(StateEngine.class.getName());

    private final EngineParts parts;
    /**
     * Keys whose committed change could not be applied to the store, with the newest such version:
     * read from the log until the store has applied that version or a newer one.
     */
    private final ConcurrentMap<String, Long> pending = new ConcurrentHashMap<>();
    /** False until the store holds a complete copy of the log: reads go to the log meanwhile. */
    private volatile boolean storeComplete;

    /**
     * Creates an engine.
     *
     * @param parts what the engine is assembled from
     */
    public StateEngine(EngineParts parts) {
        this.parts = parts;
    }

    @Override
    public <T> Optional<T> get(String key, Class<T> type) {
        return this.<T>read(key, type).map(Versioned::value);
    }

    @Override
    public <T> T get(String key, Class<T> type, T defaultValue) {
        return this.<T>read(key, type).map(Versioned::value).orElse(defaultValue);
    }

    @Override
    public <T> Optional<T> get(String key, Type type) {
        return this.<T>read(key, type).map(Versioned::value);
    }

    @Override
    public <T> Optional<Versioned<T>> getVersioned(String key, Class<T> type) {
        return read(key, type);
    }

    @Override
    public long set(String key, Object value) {
        String json = encode(key, value);
        return inTransaction(() -> append(key, parts.log().lock(key), ChangeType.SET, json));
    }

    @Override
    public long compareAndSet(String key, long expectedVersion, Object value) {
        String json = encode(key, value);
        return inTransaction(() -> {
            Head head = parts.log().lock(key);
            long current = head.present() ? head.version() : 0;
            if (current != expectedVersion) {
                throw new StateConflictException(key, expectedVersion, current);
            }
            return append(key, head, ChangeType.SET, json);
        });
    }

    @Override
    public <T> T update(String key, Class<T> type, UnaryOperator<T> fn) {
        parts.limits().checkKey(key);
        return inTransaction(() -> {
            Head head = parts.log().lock(key);
            T current = head.present() ? parts.codec().decode(key, head.version(), head.json(), type) : null;
            T next = fn.apply(current);
            if (next == null) {
                if (head.present()) {
                    append(key, head, ChangeType.DELETE, null);
                }
                return null;
            }
            String json = parts.codec().encode(key, next);
            parts.limits().checkSize(key, json);
            append(key, head, ChangeType.SET, json);
            return next;
        });
    }

    @Override
    public boolean delete(String key) {
        parts.limits().checkKey(key);
        return inTransaction(() -> {
            Head head = parts.log().lock(key);
            if (!head.present()) {
                return false;
            }
            append(key, head, ChangeType.DELETE, null);
            return true;
        });
    }

    /**
     * Returns whether {@code key} is being read from the log because its last committed change could
     * not be applied to the store.
     *
     * @param key the key
     * @return true while the store is behind for that key
     */
    public boolean isPending(String key) {
        return pending.containsKey(key);
    }

    /**
     * Tells the engine whether the store holds every key (after a load) or not (before one, or
     * after it was lost); while it does not, reads are served from the log's head rows.
     *
     * @param complete whether the store can be trusted for keys it does not hold
     */
    public void setStoreComplete(boolean complete) {
        this.storeComplete = complete;
    }

    private String encode(String key, Object value) {
        parts.limits().checkKey(key);
        String json = parts.codec().encode(key, value);
        parts.limits().checkSize(key, json);
        return json;
    }

    private <T> T inTransaction(Supplier<T> work) {
        // Joining directly (not through the transaction system) keeps an exception such as a
        // compare-and-set conflict from marking the caller's transaction rollback-only.
        return parts.transactions().isActive() ? work.get() : parts.transactions().required(work);
    }

    private long append(String key, Head head, ChangeType type, String json) {
        long version = head.version() + 1;
        TransactionChanges changes = changes();
        Instant now = parts.clock().instant().truncatedTo(ChronoUnit.MICROS);
        parts.log().append(new LoggedChange(0, key, version, type, json, now,
                parts.principal().get(), parts.nodeId(), changes.id()));
        changes.record(new TransactionChanges.Change(key, version, type, json));
        return version;
    }

    private TransactionChanges changes() {
        TransactionChanges changes = (TransactionChanges) parts.transactions().getResource(this);
        if (changes == null) {
            changes = new TransactionChanges();
            parts.transactions().putResource(this, changes);
            TransactionChanges committed = changes;
            parts.transactions().onCommit(() -> publish(committed));
        }
        return changes;
    }

    private void publish(TransactionChanges changes) {
        for (TransactionChanges.Change c : changes.all()) {
            try {
                parts.store().apply(c.key(), c.version(), c.json());
                // A late apply of an older version must not clear a newer version's failure.
                pending.computeIfPresent(c.key(), (k, failed) -> c.version() >= failed ? null : failed);
            } catch (RuntimeException e) {
                pending.merge(c.key(), c.version(), Math::max);
                LOG.log(Level.WARNING, "Committed change of key {0} (version {1}) could not be applied to the store;"
                        + " reads of it go to the log until it is: {2}", c.key(), c.version(), e.toString());
            }
            try {
                parts.events().accept(new StateChanged(c.key(), c.version(), c.type(), false));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A StateChanged observer failed for key " + c.key(), e);
            }
        }
    }

    private <T> Optional<Versioned<T>> read(String key, Type type) {
        parts.limits().checkKey(key);
        return current(key).map(v -> new Versioned<>(parts.codec().decode(key, v.version(), v.json(), type), v.version()));
    }

    private Optional<StoredValue> current(String key) {
        if (parts.transactions().isActive()) {
            TransactionChanges changes = (TransactionChanges) parts.transactions().getResource(this);
            TransactionChanges.Change own = changes == null ? null : changes.get(key);
            if (own != null) {
                return own.json() == null ? Optional.empty() : Optional.of(new StoredValue(own.json(), own.version()));
            }
        }
        if (!storeComplete || pending.containsKey(key)) {
            return inTransaction(() -> parts.log().head(key))
                    .filter(Head::present).map(h -> new StoredValue(h.json(), h.version()));
        }
        return parts.store().get(key);
    }
}
