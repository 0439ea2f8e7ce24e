package org.statekeeper.core;

import java.lang.System.Logger.Level;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.statekeeper.ChangeType;
import org.statekeeper.InvalidArgumentException;
import org.statekeeper.StateChanged;
import org.statekeeper.StateConflictException;
import org.statekeeper.StateManager;
import org.statekeeper.Versioned;
import org.statekeeper.core.metrics.StateMetrics;
import org.statekeeper.core.nearcache.Hit;
import org.statekeeper.core.nearcache.NearCache;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.LoggedChange;
import org.statekeeper.spi.StoredValue;

/**
 * The container-free {@link StateManager}: orders the write path (validate, encode, lock the key's
 * head row, append to the log, remember the change in the transaction's overlay, apply to the store
 * after commit) and serves reads from the overlay, then the store (through {@link StoreSync}).
 */
public final class StateEngine implements StateManager {

    private static final System.Logger LOG = System.getLogger(StateEngine.class.getName());

    private final EngineParts parts;
    private final StoreSync sync;
    /** The store when it is a near cache, which keeps decoded values with its copies; null otherwise. */
    private final NearCache near;

    /**
     * Creates an engine.
     *
     * @param parts what the engine is assembled from
     */
    public StateEngine(EngineParts parts) {
        this(parts, new StateMetrics());
    }

    /**
     * Creates an engine whose store synchroniser counts heals, rebuilds and store failures into {@code metrics}.
     *
     * @param parts what the engine is assembled from
     * @param metrics where to count
     */
    public StateEngine(EngineParts parts, StateMetrics metrics) {
        this.parts = parts;
        this.near = parts.store() instanceof NearCache cache ? cache : null;
        this.sync = new StoreSync(parts.store(), parts.log(), parts.transactions(), parts.codec(), parts.clock(),
                parts.nodeId(), metrics);
    }

    /**
     * Returns the synchroniser that keeps this engine's store in line with the log.
     *
     * @return the store synchroniser
     */
    public StoreSync storeSync() {
        return sync;
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
        return inTransaction(() -> blindSet(key, json, null));
    }

    @Override
    public long set(String key, Object value, Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new InvalidArgumentException(key, "ttl", "must be positive and at most "
                    + MAX_TTL.toDays() + " days (StateManager.MAX_TTL), not " + ttl);
        }
        String json = encode(key, value);
        return inTransaction(() -> blindSet(key, json, expiryAfter(ttl)));
    }

    /**
     * Now plus {@code ttl}, rounded up to the microsecond: the log keeps microseconds, and a time to live
     * shorter than one, rounded down, would have been logged as already expired while the store kept it live.
     */
    private Instant expiryAfter(Duration ttl) {
        Instant exact = now().plus(ttl);
        Instant micros = exact.truncatedTo(ChronoUnit.MICROS);
        return micros.equals(exact) ? exact : micros.plus(1, ChronoUnit.MICROS);
    }

    @Override
    public SortedMap<String, Long> setAll(Map<String, ?> values) {
        if (values == null) {
            throw new InvalidArgumentException(null, "values", "must not be null");
        }
        // Sorted: keys are locked in one order by every caller, which keeps two batches from deadlocking.
        SortedMap<String, String> encoded = new TreeMap<>();
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            encoded.put(entry.getKey(), encode(entry.getKey(), entry.getValue()));
        }
        if (encoded.isEmpty()) {
            return new TreeMap<>();
        }
        return inTransaction(() -> {
            Map<String, Head> heads = parts.log().lockAll(encoded.keySet());
            SortedMap<String, Long> versions = new TreeMap<>();
            for (Map.Entry<String, String> entry : encoded.entrySet()) {
                String key = entry.getKey();
                versions.put(key, append(key, live(key, heads.get(key)), ChangeType.SET, entry.getValue(), null));
            }
            return versions;
        });
    }

    @Override
    public long compareAndSet(String key, long expectedVersion, Object value) {
        String json = encode(key, value);
        boolean ownTransaction = !parts.transactions().isActive();
        return inTransaction(() -> {
            if (ownTransaction && expectedVersion != 0 && neverWritten(key)) {
                throw new StateConflictException(key, expectedVersion, 0);
            }
            Head head = live(key);
            long current = head.present() ? head.version() : 0;
            if (current != expectedVersion) {
                throw new StateConflictException(key, expectedVersion, current);
            }
            return append(key, head, ChangeType.SET, json, null);
        });
    }

    @Override
    public <T> T update(String key, Class<T> type, UnaryOperator<T> fn) {
        parts.limits().checkKey(key);
        notNull(key, "type", type);
        notNull(key, "fn", fn);
        return inTransaction(() -> {
            Head head = live(key);
            T current = head.present() ? parts.codec().decode(key, head.version(), head.json(), type) : null;
            T next = fn.apply(current);
            if (next == null) {
                if (head.present()) {
                    append(key, head, ChangeType.DELETE, null, null);
                }
                return null;
            }
            String json = parts.codec().encode(key, next);
            parts.limits().checkSize(key, json);
            // An update keeps the key's time to live: the value changes, the deadline does not.
            append(key, head, ChangeType.SET, json, head.expiresAt());
            return next;
        });
    }

    @Override
    public boolean delete(String key) {
        parts.limits().checkKey(key);
        boolean ownTransaction = !parts.transactions().isActive();
        return inTransaction(() -> {
            if (ownTransaction && neverWritten(key)) {
                return false;
            }
            Head head = live(key);
            if (!head.present()) {
                return false;
            }
            append(key, head, ChangeType.DELETE, null, null);
            return true;
        });
    }

    /**
     * Logs an {@code EXPIRE} event for every key whose time to live has run out (up to {@code limit}),
     * each in its own transaction, after removing the head rows that transactions created and left unused;
     * safe to run on several nodes at once.
     *
     * @param limit the most keys to expire in one call
     * @return the number of keys expired
     */
    public int expireDue(int limit) {
        try {
            parts.log().removeUnusedHeadRows();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Could not remove unused head rows: {0}", e.toString());
        }
        List<Head> due = parts.transactions().requiresNew(() -> parts.log().expired(now(), limit));
        int expired = 0;
        for (Head candidate : due) {
            try {
                // live() logs the EXPIRE under the key's lock, so a concurrent sweeper or writer sees it done.
                Boolean done = parts.transactions().requiresNew(() -> {
                    changes();
                    Head locked = parts.log().lock(candidate.key());
                    boolean expiredNow = locked.present() && !live(candidate.key(), locked).present();
                    parts.log().flush();
                    return expiredNow;
                });
                expired += done ? 1 : 0;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "SK0121 Could not log the expiry of a key: " + e);
            }
        }
        return expired;
    }

    private String encode(String key, Object value) {
        parts.limits().checkKey(key);
        String json = parts.codec().encode(key, value);
        parts.limits().checkSize(key, json);
        return json;
    }

    private <T> T inTransaction(Supplier<T> work) {
        Supplier<T> flushed = () -> {
            // Before the log takes any key: the store is written after commit before the log releases the
            // transaction's keys, so the next writer of a key never reads the store's older value.
            changes();
            T result = work.get();
            // Before the call returns, not at commit: some servers hand a provider that flushes during
            // commit a connection other than the one holding this transaction's row locks.
            parts.log().flush();
            return result;
        };
        // Joining directly (not through the transaction system) keeps an exception such as a
        // compare-and-set conflict from marking the caller's transaction rollback-only.
        return parts.transactions().isActive() ? flushed.get() : parts.transactions().required(flushed);
    }

    private Instant now() {
        return parts.clock().instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Whether the key has never been written, read without locking. A call in a transaction of its own
     * that then writes nothing (deleting an absent key, a compare-and-set that cannot match) returns at
     * once: locking would create the key's head row, and anyone able to call delete could pile up such rows
     * without bound. Deciding on an unlocked read is linearizable, the key was absent at that read, but
     * only when nothing follows in the transaction: in a caller's transaction the key stays locked, absent
     * or not, so that no other transaction can write it before this one ends.
     */
    private boolean neverWritten(String key) {
        TransactionChanges changes = (TransactionChanges) parts.transactions().getResource(this);
        if (changes != null && changes.get(key) != null) {
            return false;
        }
        return parts.log().heldHead(key).isEmpty() && parts.log().head(key).isEmpty();
    }

    /**
     * Locks the key and returns its head, logging its expiry first if its time to live has run out: the
     * expire-before-write rule. A write to a key whose value has expired but was not yet swept must not
     * carry that value's life on (an update would compute from it, a compare-and-set would match its
     * version): the EXPIRE is logged first, at the next version, so history shows the value ended when
     * its time ran out, whichever of the sweep and the writer got there first.
     */
    private Head live(String key) {
        return live(key, parts.log().lock(key));
    }

    private Head live(String key, Head head) {
        if (head.present() && !head.liveAt(now())) {
            append(key, head, ChangeType.EXPIRE, null, null);
            return new Head(key, head.nextVersion(), null, now());
        }
        return head;
    }

    /** A blind write: without a locking read when the log can do it in one statement, else lock and append. */
    private long blindSet(String key, String json, Instant expiresAt) {
        TransactionChanges changes = changes();
        Instant now = now();
        long version = parts.log().appendUnread(new LoggedChange(0, key, 0, ChangeType.SET, json, now,
                parts.principal().get(), parts.nodeId(), changes.id(), expiresAt), now);
        if (version > 0) {
            record(changes, new TransactionChanges.Change(key, version, ChangeType.SET, json, expiresAt));
            return version;
        }
        return append(key, live(key), ChangeType.SET, json, expiresAt);
    }

    private long append(String key, Head head, ChangeType type, String json, Instant expiresAt) {
        long version = head.nextVersion();
        TransactionChanges changes = changes();
        parts.log().append(new LoggedChange(0, key, version, type, json, now(),
                parts.principal().get(), parts.nodeId(), changes.id(), expiresAt));
        record(changes, new TransactionChanges.Change(key, version, type, json, expiresAt));
        return version;
    }

    /**
     * Returns this transaction's changes, creating them with their after-commit store apply first. The
     * order of what runs after commit is the order of registration: the store apply (here, before the
     * log takes a key), then the log's own work (it releases the keys), then the notifications (at the
     * first change), so observers may write the keys again and the next writer sees the store current.
     */
    private TransactionChanges changes() {
        TransactionChanges changes = (TransactionChanges) parts.transactions().getResource(this);
        if (changes == null) {
            // Counted from before any head row it writes is stamped, with the same clock: until it has ended
            // and its changes are in the store, this node's published mark stays before that time.
            TransactionChanges created = new TransactionChanges(now());
            sync.began(created, created.began());
            parts.transactions().onCommit(() -> apply(created));
            parts.transactions().afterCompletion(() -> sync.finished(created));
            parts.transactions().putResource(this, created);
            changes = created;
        }
        return changes;
    }

    /** Records a logged change; with the first one, registers the notifications after commit. */
    private void record(TransactionChanges changes, TransactionChanges.Change change) {
        if (changes.isEmpty()) {
            parts.transactions().onCommit(() -> notifyObservers(changes));
        }
        changes.record(change);
    }

    private void apply(TransactionChanges changes) {
        List<TransactionChanges.Change> all = changes.all();
        if (!all.isEmpty()) {
            // Every change is in the store before any observer hears of one; many are written in one batch.
            sync.applyAll(all, changes.began());
        }
        // Applied or pending now, whatever the order in which the transaction system runs what follows.
        sync.finished(changes);
    }

    private void notifyObservers(TransactionChanges changes) {
        for (TransactionChanges.Change c : changes.all()) {
            try {
                parts.events().accept(new StateChanged(c.key(), c.version(), c.type(), false));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "SK0122 A StateChanged observer failed for key " + c.key(), e);
            }
        }
    }

    private <T> Optional<Versioned<T>> read(String key, Type type) {
        parts.limits().checkKey(key);
        notNull(key, "type", type);
        Found found = current(key);
        return found.value().map(v -> new Versioned<>(decode(key, v, type, found.hit()), v.version()));
    }

    /** Decodes through the near cache's hit when a copy served {@code v}, so a hit costs one lookup. */
    private <T> T decode(String key, StoredValue v, Type type, Hit hit) {
        Supplier<T> decode = () -> parts.codec().decode(key, v.version(), v.json(), type);
        return hit != null ? hit.decode(type, decode) : near != null ? near.decode(key, v, type, decode) : decode.get();
    }

    private Found current(String key) {
        if (parts.transactions().isActive()) {
            TransactionChanges changes = (TransactionChanges) parts.transactions().getResource(this);
            TransactionChanges.Change own = changes == null ? null : changes.get(key);
            if (own != null) {
                boolean live = Head.live(own.json(), own.expiresAt(), now());
                return Found.of(live ? Optional.of(new StoredValue(own.json(), own.version())) : Optional.empty());
            }
            // A key this transaction holds locked is read as locked: the store may not yet have the change of
            // the transaction that held it before (its after-commit apply can still be running).
            Optional<Head> locked = parts.log().heldHead(key);
            if (locked.isPresent()) {
                Head head = locked.get();
                return Found.of(head.present() && head.liveAt(now())
                        ? Optional.of(new StoredValue(head.json(), head.version())) : Optional.empty());
            }
        }
        return sync.read(key);
    }

    private static void notNull(String key, String argument, Object value) {
        if (value == null) {
            throw new InvalidArgumentException(key, argument, "must not be null");
        }
    }
}
