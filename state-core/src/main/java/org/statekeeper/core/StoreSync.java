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
import org.statekeeper.core.nearcache.NearCache;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.ExpiringValue;
import org.statekeeper.spi.Checkpoints;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.NodeMark;
import org.statekeeper.spi.StateCodec;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.StoredValue;
import org.statekeeper.spi.Transactions;

/**
 * Keeps reads correct while the store is incomplete, unreachable or behind, and brings it back in
 * line with the log: the store is trusted only while it is complete, reachable and not pending for
 * the key; otherwise reads go to the log's head rows.
 *
 * <p>No two nodes' clocks are ever compared. Each node publishes at every heal, in the log, a
 * {@link NodeMark} read from its own clock: every transaction of it whose first change came before
 * {@code ended} has ended, and every change it committed in one whose first change came before
 * {@code applied} is in the store; and in the store, the same {@code applied} as its checkpoint, recorded
 * only while the store is in the life it applied to. Head rows record the node that wrote them, at a
 * time from that node's clock no earlier than its transaction's first change. So another node re-applies
 * exactly a node's heads written since that node's own mark: when it is cut off from the store (its mark
 * counts keys it could not apply), when it stopped (its beat stands still), and, after the store lost
 * writes (its epoch changed), from the checkpoints the store came back with.
 */
public final class StoreSync {

    private static final System.Logger LOG = System.getLogger(StoreSync.class.getName());
    private static final String REBUILD_LOCK = "rebuild";
    /** How long a rebuild holds its lock without renewing it; it renews before every page. */
    static final Duration REBUILD_LEASE = Duration.ofMinutes(10);

    private final StateStore store;
    /** The store itself when it is a near cache, which reads then go through; null otherwise. */
    private final NearCache near;
    private final EventLog log;
    private final Transactions transactions;
    private final StoreLoader loader;
    private final Clock clock;
    private final String node;
    private final String owner = UUID.randomUUID().toString();
    /**
     * A key whose newest committed version could not be applied: that version, and the first change of this
     * node's transaction that committed it (null when another node committed it).
     */
    private record Pending(long version, Instant since) {

        Pending merge(Pending other) {
            return new Pending(Math.max(version, other.version),
                    since == null ? other.since : other.since == null || since.isBefore(other.since) ? since : other.since);
        }
    }

    private final ConcurrentMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final NodeCatchUp nodes;
    /** When the store first failed since it was last healthy; null while healthy. */
    private final AtomicReference<Instant> failingSince = new AtomicReference<>();
    private final AtomicBoolean rebuilding = new AtomicBoolean();
    private volatile boolean complete;
    /** Whether this node has healed once: its first heal re-applies what its previous life left unapplied. */
    private volatile boolean started;
    /** The previous life's {@code applied}, which this node's marks keep until its first heal re-applied from it. */
    private volatile Instant inherited;
    /** The store's epoch as of this node's last successful heal; null before it. */
    private volatile String lastEpoch;

    /**
     * Creates the synchroniser of one store with one log.
     *
     * @param store the store
     * @param log the log
     * @param transactions runs log reads
     * @param codec tells readable values from corrupt ones
     * @param clock the time source, the one the engine stamps head rows with
     * @param node this node's id
     */
    public StoreSync(StateStore store, EventLog log, Transactions transactions, StateCodec codec, Clock clock, String node) {
        this.store = store;
        this.near = store instanceof NearCache cache ? cache : null;
        this.log = log;
        this.transactions = transactions;
        this.loader = new StoreLoader(store, log, transactions, codec);
        this.clock = clock;
        this.node = node;
        this.nodes = new NodeCatchUp(store, log, transactions, loader, clock, node);
    }

    /**
     * Sets how often the heal runs: another node whose beat stands still for twice as long is taken for
     * stopped, and its changes since its mark are re-applied here.
     *
     * @param healInterval the heal interval
     */
    public void healEvery(Duration healInterval) {
        nodes.staleAfter(healInterval.multipliedBy(2));
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
                Optional<StoredValue> held = near == null ? storeOrLost(key) : nearOrStore(key);
                if (held != null) {
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

    /** Returns the store's answer, or null when it held nothing and has lost its marker. */
    private Optional<StoredValue> storeOrLost(String key) {
        Optional<StoredValue> held = store.get(key);
        // A miss may mean the store lost everything (flushed, restarted empty): check the marker.
        return held.isPresent() || store.generation().isPresent() ? held : null;
    }

    /**
     * Serves the near cache's copy, or reads the store and offers the cache what it read; null when the
     * store held nothing and has lost its marker (the caller then reads the log).
     */
    private Optional<StoredValue> nearOrStore(String key) {
        Optional<StoredValue> copy = near.cached(key);
        if (copy != null) {
            return copy;
        }
        long stamp = near.stamp(key);
        Optional<ExpiringValue> held = store.getExpiring(key);
        if (held.isEmpty() && store.generation().isEmpty()) {
            return null;
        }
        near.offer(key, stamp, held);
        return held.map(ExpiringValue::value);
    }

    /**
     * Reads the head in a transaction of its own, also inside a caller's transaction: under a snapshot
     * isolation (InnoDB's REPEATABLE READ) the caller's transaction would see the key as of its first read,
     * older than what the store serves and than what committed since. The caller's own changes and the keys
     * it holds are read before this, from the engine's overlay and the log's locked rows.
     */
    private Optional<StoredValue> fromLog(String key) {
        Instant now = clock.instant();
        Optional<Head> head = transactions.isActive() ? transactions.requiresNew(() -> log.head(key))
                : transactions.required(() -> log.head(key));
        return head.filter(h -> h.liveAt(now)).map(h -> new StoredValue(h.json(), h.version()));
    }

    /**
     * Records that a transaction of this node made its first change at {@code firstChange}; the first time in
     * this node's life, makes sure the log knows the node, so that others watch it even if it never heals.
     */
    void began(Object transaction, Instant firstChange) {
        nodes.began(transaction, firstChange);
    }

    /** Records that a transaction of this node has rolled back, or committed and been applied (or is pending). */
    void finished(Object transaction) {
        nodes.finished(transaction);
    }

    /** Applies a committed change; when the store refuses, remembers the key as pending. */
    void apply(String key, long version, String json, Instant expiresAt, Instant since) {
        apply(key, version, json, expiresAt, since, false);
    }

    /**
     * Applies a change; {@code announced} when it is a commit's, which the change feed announces (other writes
     * tell the other nodes' near caches through the store, see {@link NearCache}).
     */
    private void apply(String key, long version, String json, Instant expiresAt, Instant since, boolean announced) {
        Pending failed = new Pending(version, since);
        if (failingSince.get() != null) {
            // The store is known to be failing: calling it would cost the caller a timeout for nothing. The
            // key reads from the log meanwhile, and the next heal, which checks the store first, applies it.
            pending.merge(key, failed, Pending::merge);
            return;
        }
        try {
            boolean applied = announced && near != null ? near.applyCommitted(key, version, json, expiresAt)
                    : store.apply(key, version, json, expiresAt);
            if (!applied && json != null && !holds(key, version)) {
                // Refused, and the store does not show this version: it holds a newer one, or a version of the
                // key's previous life (a tombstone put back after retention removed the key). Not trusted for
                // the key until the next heal has sorted it out under the key's lock.
                pending.merge(key, failed, Pending::merge);
                return;
            }
            applied(key, version);
        } catch (RuntimeException e) {
            pending.merge(key, failed, Pending::merge);
            LOG.log(Level.DEBUG, "Change of a key could not be applied to the store: {0}", e.toString());
            failed(e);
        }
    }

    /** Applies the committed changes of one transaction whose first change came at {@code since}, pipelined. */
    void applyAll(List<TransactionChanges.Change> changes, Instant since) {
        if (changes.size() == 1) {
            TransactionChanges.Change c = changes.get(0);
            apply(c.key(), c.version(), c.json(), c.expiresAt(), since, true);
            return;
        }
        if (failingSince.get() != null) {
            changes.forEach(c -> pending.merge(c.key(), new Pending(c.version(), since), Pending::merge));
            return;
        }
        List<Head> heads = new ArrayList<>(changes.size());
        for (TransactionChanges.Change c : changes) {
            heads.add(new Head(c.key(), c.version(), c.json(), null, c.expiresAt()));
        }
        try {
            if (near != null) {
                near.applyAllCommitted(heads);
            } else {
                store.applyAll(heads);
            }
            changes.forEach(c -> applied(c.key(), c.version()));
        } catch (RuntimeException e) {
            // At most one store failure per commit: retrying key by key against a store that does not answer
            // would hold the caller one full timeout per key. Every key of the commit reads from the log until
            // the next heal re-applies them (re-applying one that did land is harmless).
            changes.forEach(c -> pending.merge(c.key(), new Pending(c.version(), since), Pending::merge));
            LOG.log(Level.DEBUG, "Changes could not be applied to the store: {0}", e.toString());
            failed(e);
        }
    }

    /** A late apply of an older version must not clear a newer version's failure. */
    private void applied(String key, long version) {
        pending.computeIfPresent(key, (k, failed) -> version >= failed.version() ? null : failed);
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
            pending.merge(key, new Pending(version, null), Pending::merge);
        }
    }

    private void failed(RuntimeException e) {
        if (failingSince.compareAndSet(null, clock.instant())) {
            if (near != null) {
                // Commits of this node are not written to the store (nor to its copies) until it is back.
                near.invalidateAll();
            }
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
     * Brings the store in line with the log if needed, and publishes this node's mark; call at startup
     * and then periodically. Rebuilds a store without generation marker (one node at a time), catches up
     * a store whose epoch changed from the checkpoints it came back with, re-applies what this node's
     * previous life, a stopped node or a node cut off from the store left unapplied, and re-applies
     * pending keys. The mark is published in the log even while the store fails: that is how the other
     * nodes learn what this node could not apply.
     *
     * @return true when the store is serving reads afterwards
     */
    public boolean heal() {
        List<NodeMark> marks;
        try {
            marks = transactions.requiresNew(log::nodeMarks);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Statekeeper could not read the nodes' marks from the log: " + e);
            return false;
        }
        if (!started && inherited == null) {
            marks.stream().filter(m -> m.node().equals(node)).findFirst().ifPresent(m -> inherited = m.applied());
        }
        Optional<String> epoch = healStore(marks);
        nodes.publish(() -> pending.values().stream().map(Pending::since).filter(java.util.Objects::nonNull).toList(),
                inherited, epoch, this::failed);
        return epoch != null;
    }

    /** Returns the store's epoch after a successful heal, null after a failed one. */
    private Optional<String> healStore(List<NodeMark> marks) {
        Optional<String> marker;
        Optional<String> epoch;
        Checkpoints checkpoints;
        try {
            marker = store.generation();
            epoch = store.epoch();
            checkpoints = marker.isPresent() ? store.checkpoints() : Checkpoints.none();
        } catch (RuntimeException e) {
            failed(e);
            return null;
        }
        try {
            if (marker.isEmpty()) {
                complete = false;
                if (!rebuildOnce(marks)) {
                    return null;
                }
            } else {
                if (restarted(epoch, checkpoints)) {
                    // Restarted, restored from a snapshot or failed over: the marker may have come back with
                    // older data, so the store is not trusted until every node's changes since the checkpoint
                    // that came back with that data are in it again (a node without one: all its heads).
                    complete = false;
                    LOG.log(Level.WARNING, "Statekeeper store restarted, was restored or failed over (its epoch changed):"
                            + " reads go to the log while it is caught up from its checkpoints");
                    nodes.catchUpAll(marks, checkpoints);
                }
                if (!started && inherited != null) {
                    // This node's previous life may have died between a commit and its apply.
                    nodes.catchUpOwn(inherited);
                }
                complete = true;
            }
            nodes.lookAtOthers(marks, !started);
            retryPending();
            // Only now: a catch-up that failed half way is tried again by the next heal.
            epoch.ifPresent(e -> lastEpoch = e);
            failingSince.set(null);
            started = true;
            inherited = null;
            return epoch;
        } catch (RuntimeException e) {
            failed(e);
            return null;
        }
    }

    private boolean restarted(Optional<String> epoch, Checkpoints checkpoints) {
        if (epoch.isEmpty()) {
            return false;
        }
        String seen = lastEpoch;
        return seen != null && !epoch.get().equals(seen)
                || checkpoints.epoch() != null && !epoch.get().equals(checkpoints.epoch());
    }

    /**
     * Clears the store and loads it from the log now, whatever its marker says (one node at a time).
     *
     * @return what was loaded, or empty when another node holds the rebuild lock
     */
    public Optional<RecoveryReport> rebuild() {
        return rebuild(transactions.requiresNew(log::nodeMarks));
    }

    private Optional<RecoveryReport> rebuild(List<NodeMark> marksBefore) {
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
                nodes.loaded(marksBefore);
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

    private boolean rebuildOnce(List<NodeMark> marks) {
        // Empty: another node is rebuilding; serve from the log until its marker appears.
        return rebuild(marks).isPresent();
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
                applied(key, h.version());
            } else {
                // The log no longer has the key: retention removed it, deleted, while its change was pending.
                // The store must not keep what it holds of it (a value whose deletion it missed), and the key
                // must not stay pending for ever, which would also stop this node's checkpoints.
                Pending failed = pending.get(key);
                if (failed != null) {
                    forgetRemoved(key, failed.version());
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
                // Only if the locked read is the newest committed version: a database can answer a locking read
                // with the row as it was before it waited for the lock (H2 does), and replacing the store's newer
                // version by that would move the key back in time.
                long newest = transactions.requiresNew(() -> log.head(key)).map(Head::version).orElse(0L);
                if (newest != locked.version()) {
                    LOG.log(Level.DEBUG, "Key {0}: the locked read was older than the log''s newest version", key);
                    return null;
                }
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
