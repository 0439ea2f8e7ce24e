package org.statekeeper.core;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.statekeeper.RecoveryReport;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.StateCodec;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.StoredValue;
import org.statekeeper.spi.Transactions;

/**
 * Keeps reads correct while the store is incomplete, unreachable or behind, and brings it back in
 * line with the log: the store is trusted only while it is complete, reachable and not pending for
 * the key; otherwise reads go to the log's head rows.
 */
public final class StoreSync {

    private static final System.Logger LOG = System.getLogger(StoreSync.class.getName());
    private static final String REBUILD_LOCK = "rebuild";
    /** How long a rebuild holds its lock without renewing it; it renews before every page. */
    static final Duration REBUILD_LEASE = Duration.ofMinutes(10);
    /** Catch-up re-reads heads changed this long before the first failure, for clock skew between nodes. */
    private static final Duration CATCH_UP_MARGIN = Duration.ofSeconds(5);

    private final StateStore store;
    private final EventLog log;
    private final Transactions transactions;
    private final StoreLoader loader;
    private final Clock clock;
    private final String owner = UUID.randomUUID().toString();
    /** Keys whose newest committed version could not be applied, with that version. */
    private final ConcurrentMap<String, Long> pending = new ConcurrentHashMap<>();
    /** When the store first failed since it was last healthy; null while healthy. */
    private final AtomicReference<Instant> failingSince = new AtomicReference<>();
    private final AtomicBoolean rebuilding = new AtomicBoolean();
    private volatile boolean complete;
    /** Whether this node has healed once: its first heal catches up from the store's checkpoint. */
    private volatile boolean started;
    /** The store's epoch as of this node's last successful heal; null before it. */
    private volatile String lastEpoch;
    /** When this node last re-applied the heads other nodes changed, for a store of its own; null before. */
    private volatile Instant lastPoll;
    /** A version this node applied, and when. */
    private record Applied(long version, Instant at) {
    }

    /** Bounds the memory of {@link #appliedHere}; past it, polls re-apply this node's changes too (harmless). */
    private static final int APPLIED_HERE_LIMIT = 200_000;
    /** This node's own applies within the poll window, by key. */
    private final java.util.concurrent.ConcurrentMap<String, Applied> appliedHere = new ConcurrentHashMap<>();

    /**
     * Creates the synchroniser of one store with one log.
     *
     * @param store the store
     * @param log the log
     * @param transactions runs log reads
     * @param clock the time source
     */
    public StoreSync(StateStore store, EventLog log, Transactions transactions, StateCodec codec, Clock clock) {
        this.store = store;
        this.log = log;
        this.transactions = transactions;
        this.loader = new StoreLoader(store, log, transactions, codec);
        this.clock = clock;
    }

    /**
     * Returns the loader this synchroniser rebuilds and catches up with.
     *
     * @return the loader
     */
    public StoreLoader loader() {
        return loader;
    }

    /** Returns the key's committed value as the store or, when it cannot be trusted, the log has it. */
    Optional<StoredValue> read(String key) {
        if (complete && failingSince.get() == null && !pending.containsKey(key)) {
            try {
                Optional<StoredValue> held = store.get(key);
                // A miss may mean the store lost everything (flushed, restarted empty): check the marker.
                if (held.isPresent() || store.generation().isPresent()) {
                    return held;
                }
                complete = false;
                LOG.log(Level.WARNING, "Statekeeper store lost its generation marker (flushed or restarted empty):"
                        + " reads go to the log until it is rebuilt");
            } catch (RuntimeException e) {
                failed(e);
            }
        }
        return fromLog(key);
    }

    private Optional<StoredValue> fromLog(String key) {
        Instant now = clock.instant();
        Optional<Head> head = transactions.isActive() ? log.head(key) : transactions.required(() -> log.head(key));
        return head.filter(h -> h.liveAt(now)).map(h -> new StoredValue(h.json(), h.version()));
    }

    /** Applies a committed change; when the store refuses, remembers the key as pending. */
    void apply(String key, long version, String json, Instant expiresAt) {
        if (failingSince.get() != null) {
            // The store is known to be failing: calling it would cost the caller a timeout for nothing. The
            // key reads from the log meanwhile, and the next heal, which checks the store first, applies it.
            pending.merge(key, version, Math::max);
            return;
        }
        try {
            if (!store.apply(key, version, json, expiresAt) && json != null && !holds(key, version)) {
                // Refused, and the store does not show this version: it holds a newer one, or a version of the
                // key's previous life (a tombstone put back after retention removed the key). Not trusted for
                // the key until the next heal has sorted it out under the key's lock.
                pending.merge(key, version, Math::max);
                return;
            }
            // A late apply of an older version must not clear a newer version's failure.
            pending.computeIfPresent(key, (k, failed) -> version >= failed ? null : failed);
            appliedHere(key, version);
        } catch (RuntimeException e) {
            pending.merge(key, version, Math::max);
            LOG.log(Level.DEBUG, "Change of a key could not be applied to the store: {0}", e.toString());
            failed(e);
        }
    }

    /** Applies the committed changes of one transaction, pipelined when there are several. */
    void applyAll(List<TransactionChanges.Change> changes) {
        if (changes.size() == 1) {
            TransactionChanges.Change c = changes.get(0);
            apply(c.key(), c.version(), c.json(), c.expiresAt());
            return;
        }
        if (failingSince.get() != null) {
            changes.forEach(c -> pending.merge(c.key(), c.version(), Math::max));
            return;
        }
        List<Head> heads = new ArrayList<>(changes.size());
        for (TransactionChanges.Change c : changes) {
            heads.add(new Head(c.key(), c.version(), c.json(), null, c.expiresAt()));
        }
        try {
            store.applyAll(heads);
            for (TransactionChanges.Change c : changes) {
                pending.computeIfPresent(c.key(), (k, failed) -> c.version() >= failed ? null : failed);
                appliedHere(c.key(), c.version());
            }
        } catch (RuntimeException e) {
            // At most one store failure per commit: retrying key by key against a store that does not answer
            // would hold the caller one full timeout per key. Every key of the commit reads from the log until
            // the next heal re-applies them (re-applying one that did land is harmless).
            changes.forEach(c -> pending.merge(c.key(), c.version(), Math::max));
            LOG.log(Level.DEBUG, "Changes could not be applied to the store: {0}", e.toString());
            failed(e);
        }
    }

    /**
     * Another node announced that {@code version} of {@code key} committed. Announcements follow the
     * writer's apply, so the store holds that version or a newer one unless the writer could not apply it
     * (cut off from the store, or stopped): then the key is read from the log here until a heal has
     * applied it, instead of the previous value from the store until then.
     *
     * @param key the key
     * @param version the version committed elsewhere
     */
    public void committedElsewhere(String key, long version) {
        if (!isServing() || pending.containsKey(key)) {
            return;
        }
        if (store.get(key).map(StoredValue::version).orElse(0L) < version) {
            // A deletion reads as absent from the store as from the log, so marking it too is harmless.
            pending.merge(key, version, Math::max);
        }
    }

    private void failed(RuntimeException e) {
        if (failingSince.compareAndSet(null, clock.instant())) {
            LOG.log(Level.WARNING, "Statekeeper store is unavailable: " + e
                    + ". Reads go to the log and committed changes are applied when it is back");
        }
    }

    /**
     * Returns whether {@code key} is read from the log because its last committed change is not in the store.
     *
     * @param key the key
     * @return true while the store is behind for that key
     */
    public boolean isPending(String key) {
        return pending.containsKey(key);
    }

    /**
     * Returns whether reads are currently served by the store.
     *
     * @return true when the store is complete and reachable
     */
    public boolean isServing() {
        return complete && failingSince.get() == null;
    }

    /**
     * Brings the store in line with the log if needed; call at startup and then periodically.
     * Rebuilds a store without generation marker (one node at a time), catches up a store that was
     * unreachable from the heads changed meanwhile, and re-applies pending keys.
     *
     * @return true when the store is serving reads afterwards
     */
    public boolean heal() {
        Optional<String> marker;
        Optional<String> epoch;
        try {
            marker = store.generation();
            epoch = store.epoch();
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
        try {
            String seen = lastEpoch;
            boolean restarted = seen != null && epoch.isPresent() && !epoch.get().equals(seen);
            if (marker.isEmpty()) {
                complete = false;
                if (!rebuildOnce()) {
                    return false;
                }
            } else {
                Instant since = failingSince.get();
                if (restarted) {
                    // Restarted, restored from a snapshot or failed over: the marker may have come back with
                    // older data, so the store is not trusted until it is caught up from the checkpoint that
                    // came back with that data (it says what that data holds).
                    complete = false;
                    LOG.log(Level.WARNING, "Statekeeper store restarted, was restored or failed over (its epoch changed):"
                            + " reads go to the log while it is caught up from its checkpoint");
                }
                if (!started || restarted) {
                    // First successful heal of this node, whether or not an earlier attempt failed: changes
                    // committed since the last checkpoint may have been left unapplied by a node that died;
                    // re-apply them (and what changed since this node's own failure, if earlier).
                    Optional<Instant> checkpoint = store.checkpoint();
                    if (checkpoint.isEmpty()) {
                        complete = false;
                        if (!rebuildOnce()) {
                            return false;
                        }
                    } else {
                        Instant from = since != null && since.isBefore(checkpoint.get()) ? since : checkpoint.get();
                        loader.catchUp(from.minus(CATCH_UP_MARGIN));
                    }
                } else if (since != null) {
                    long n = loader.catchUp(since.minus(CATCH_UP_MARGIN)).applied();
                    LOG.log(Level.INFO, "Statekeeper store is reachable again: {0} keys changed meanwhile re-applied", n);
                }
                complete = true;
            }
            pollOtherNodes();
            retryPending();
            // Only now: a catch-up that failed half way is tried again by the next heal.
            epoch.ifPresent(e -> lastEpoch = e);
            failingSince.set(null);
            started = true;
            if (pending.isEmpty()) {
                store.markCheckpoint(clock.instant());
            }
            return true;
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
    }

    /**
     * Clears the store and loads it from the log now, whatever its marker says (one node at a time).
     *
     * @return what was loaded, or empty when another node holds the rebuild lock
     */
    public Optional<RecoveryReport> rebuild() {
        complete = false;
        // The store lock keeps other nodes out; this flag keeps this node's own threads (an operator's
        // call and the scheduled heal) from rebuilding at the same time under the same owner.
        if (!rebuilding.compareAndSet(false, true)) {
            return Optional.empty();
        }
        try {
            if (!store.tryLock(REBUILD_LOCK, owner, REBUILD_LEASE)) {
                return Optional.empty();
            }
            try {
                // Renewed page by page: a rebuild longer than the lease must not let another node in to clear
                // the store under it, and one that lost the lock anyway stops without marking the store complete.
                RecoveryReport report = loader.rebuild(() -> store.tryLock(REBUILD_LOCK, owner, REBUILD_LEASE));
                complete = true;
                return Optional.of(report);
            } catch (StoreLoader.LockLostException e) {
                LOG.log(Level.WARNING, "Statekeeper rebuild stopped: " + e.getMessage());
                return Optional.empty();
            } finally {
                store.unlock(REBUILD_LOCK, owner);
            }
        } finally {
            rebuilding.set(false);
        }
    }

    private boolean rebuildOnce() {
        // Empty: another node is rebuilding; serve from the log until its marker appears.
        return rebuild().isPresent();
    }

    /**
     * Re-applies the heads the log says changed since this node's previous look (less the catch-up margin,
     * for the clocks of the nodes that wrote them), version guarded: whoever notices first puts a change in
     * the store. A store of this node's own (memory) misses every commit of the other nodes sharing the log,
     * and a shared store (Redis) misses the commits of a node cut off from it while the others reach it; so
     * another node's change is read at the latest one heal interval after its commit.
     */
    private void pollOtherNodes() {
        Instant now = clock.instant();
        Instant since = lastPoll;
        if (since != null) {
            Instant from = since.minus(CATCH_UP_MARGIN);
            // What this node applied itself since then is in the store already: only the others' changes need it.
            appliedHere.values().removeIf(applied -> applied.at().isBefore(from));
            loader.poll(from, head -> {
                Applied mine = appliedHere.get(head.key());
                return mine == null || mine.version() != head.version();
            });
        }
        lastPoll = now;
    }

    /** Remembers a change this node put in the store, so that its polls need not put it there again. */
    private void appliedHere(String key, long version) {
        if (appliedHere.size() < APPLIED_HERE_LIMIT) {
            appliedHere.put(key, new Applied(version, clock.instant()));
        }
    }

    private void retryPending() {
        for (String key : List.copyOf(pending.keySet())) {
            Optional<Head> head = transactions.required(() -> log.head(key));
            if (head.isPresent()) {
                Head h = head.get();
                if (!store.apply(h.key(), h.version(), h.json(), h.expiresAt()) && h.json() != null
                        && !holds(key, h.version())) {
                    replacePreviousLife(key);
                }
                pending.computeIfPresent(key, (k, failed) -> h.version() >= failed ? null : failed);
            } else {
                // The log no longer has the key: retention removed it, deleted, while its change was pending.
                // The store must not keep what it holds of it (a value whose deletion it missed), and the key
                // must not stay pending for ever, which would also stop this node's checkpoints.
                Long failed = pending.get(key);
                if (failed != null) {
                    forgetRemoved(key, failed);
                    pending.remove(key, failed);
                }
            }
        }
    }

    private boolean holds(String key, long version) {
        return store.get(key).map(v -> v.version() == version).orElse(false);
    }

    /**
     * The store refused the log's newest version of a live key and does not hold it: either a newer commit
     * landed meanwhile, or the store holds a version of the key's previous life, which the log no longer
     * has. Decided under the key's lock, which no commit of the key can pass: if the log's head is still
     * the version refused, the store is ahead of the log, which only a previous life can be, so what it
     * holds is replaced.
     */
    private void replacePreviousLife(String key) {
        transactions.required(() -> {
            Head locked = log.lock(key);
            if (locked.liveAt(clock.instant()) && !holds(key, locked.version())
                    && !store.apply(key, locked.version(), locked.json(), locked.expiresAt())) {
                LOG.log(Level.WARNING, "Statekeeper store held a version of key {0} that its log no longer has"
                        + " (from before the key was removed): replaced by the log''s", key);
                try {
                    store.forget(key, Long.MAX_VALUE);
                } catch (UnsupportedOperationException cannot) {
                    return null; // such a store keeps deleted keys' versions growing: no previous life to meet
                }
                store.apply(key, locked.version(), locked.json(), locked.expiresAt());
            }
            return null;
        });
    }

    private void forgetRemoved(String key, long deletedVersion) {
        try {
            store.forget(key, deletedVersion);
        } catch (UnsupportedOperationException cannot) {
            store.delete(key, deletedVersion);
        }
    }
}
