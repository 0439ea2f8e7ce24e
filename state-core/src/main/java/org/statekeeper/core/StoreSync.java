package org.statekeeper.core;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.statekeeper.LastRebuild;
import org.statekeeper.NodeHealth;
import org.statekeeper.RecoveryProgress;
import org.statekeeper.RecoveryReport;
import org.statekeeper.core.metrics.StateMetrics;
import org.statekeeper.core.metrics.StateMetrics.StoreFailure;
import org.statekeeper.core.nearcache.NearCache;
import org.statekeeper.spi.Checkpoints;
import org.statekeeper.spi.EventLog;
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
    /** How long a rebuild holds its lock without renewing it; it renews before every page. */
    static final Duration REBUILD_LEASE = Duration.ofMinutes(10);

    private final StateStore store;
    /** The store itself when it is a near cache, whose copies a failing store drops; null otherwise. */
    private final NearCache near;
    private final EventLog log;
    private final Transactions transactions;
    private final StoreLoader loader;
    private final Clock clock;
    private final String node;
    private final PendingKeys pending;
    private final StateMetrics metrics;
    private final StoreReads reads;
    private final StoreRepair repair;
    private final StoreRebuild rebuilds;
    private final StoreWrites writes;
    private final NodeCatchUp nodes;
    /** When the store first failed since it was last healthy; null while healthy. */
    private final AtomicReference<Instant> failingSince = new AtomicReference<>();
    /** Since when the heal could not read the log; null while it could. */
    private volatile Instant logFailingSince;
    /** When the last heal ended, or when this synchroniser was made: a liveness check sees a heal that hangs. */
    private volatile Instant healEnded;
    private volatile Duration healInterval = Duration.ofSeconds(1);
    private volatile boolean complete;
    /** Whether this node has healed once: its first heal re-applies what its previous life left unapplied. */
    private volatile boolean started;
    /** The previous life's {@code applied}, which this node's marks keep until its first heal re-applied from it. */
    private volatile Instant inherited;
    /** When this node's heal last succeeded; null before it. */
    private volatile Instant lastHeal;
    /** The last rebuild this node ran; null before it. */
    private volatile LastRebuild lastRebuild;
    /** The nodes' marks as read by this node's last heal. */
    private volatile List<NodeMark> lastMarks = List.of();
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
     * @param metrics where heals, rebuilds and the store's failures are counted
     */
    public StoreSync(StateStore store, EventLog log, Transactions transactions, StateCodec codec, Clock clock, String node,
            StateMetrics metrics) {
        this.store = store;
        this.near = store instanceof NearCache cache ? cache : null;
        this.log = log;
        this.transactions = transactions;
        this.metrics = metrics;
        this.loader = new StoreLoader(store, log, transactions, codec, metrics);
        this.clock = clock;
        this.node = node;
        this.pending = new PendingKeys(clock);
        this.healEnded = clock.instant();
        this.nodes = new NodeCatchUp(store, log, transactions, loader, clock, node);
        this.reads = new StoreReads(store, log, transactions, clock);
        this.repair = new StoreRepair(store, log, transactions, clock);
        this.rebuilds = new StoreRebuild(store, loader, REBUILD_LEASE);
        this.writes = new StoreWrites(store, pending, repair, () -> failingSince.get() != null,
                e -> failed(StoreFailure.APPLY, e));
    }

    /**
     * Sets how often the heal runs: another node whose beat stands still for twice as long is taken for
     * stopped, and its changes since its mark are re-applied here.
     *
     * @param healInterval the heal interval
     */
    public void healEvery(Duration healInterval) {
        this.healInterval = healInterval;
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
    Found read(String key) {
        if (complete && failingSince.get() == null && !pending.contains(key)) {
            try {
                Found held = reads.fromStore(key);
                if (held != null) {
                    return held;
                }
                complete = false;
                LOG.log(Level.WARNING, "SK0102 Statekeeper store lost its generation marker (flushed or restarted empty):"
                        + " reads go to the log until it is rebuilt");
            } catch (RuntimeException e) {
                failed(StoreFailure.READ, e);
            }
        }
        Optional<Head> head = reads.headFromLog(key);
        // The log can be ahead of the store by commits whose appliers have not written them yet (another
        // node's apply in flight, a failed one still to heal). Until the store is known to hold what this read
        // returned, this node's later reads of the key stay on the log: they never go back to an older version.
        head.ifPresent(h -> pending.add(key, h.version(), null));
        return reads.found(head);
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
        writes.apply(key, version, json, expiresAt, since, false);
    }

    /** Applies the committed changes of one transaction whose first change came at {@code since}, pipelined. */
    void applyAll(List<TransactionChanges.Change> changes, Instant since) {
        writes.applyAll(changes, since);
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
        if (!isServing() || pending.contains(key)) {
            return;
        }
        if (store.get(key).map(StoredValue::version).orElse(0L) < version) {
            // A deletion reads as absent from the store as from the log, so marking it too is harmless.
            pending.add(key, version, null);
        }
    }

    private void failed(StoreFailure where, RuntimeException e) {
        metrics.storeFailed(where);
        if (failingSince.compareAndSet(null, clock.instant())) {
            if (near != null) {
                // Commits of this node are not written to the store (nor to its copies) until it is back.
                near.invalidateAll();
            }
            LOG.log(Level.WARNING, "SK0101 Statekeeper store is unavailable: " + e
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
        return pending.contains(key);
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
     * Returns how the store stands now.
     *
     * @param store the store's description
     * @return whether it serves reads, is complete, since when it fails, how many keys are pending, when it
     *         last healed and rebuilt, and the nodes' marks its last heal read
     */
    public org.statekeeper.StoreStatus status(String store) {
        return new org.statekeeper.StoreStatus(store, isServing(), complete, failingSince.get(), pending.size(),
                lastHeal, lastRebuild, lastMarks.stream()
                        .map(m -> new NodeHealth(m.node(), m.beat(), m.applied(), m.unapplied())).toList());
    }

    /**
     * Returns how the heal loop is doing now.
     *
     * @return when it last ended, since when it could not read the log, since when the oldest key is pending
     */
    public org.statekeeper.HealStatus healStatus() {
        return new org.statekeeper.HealStatus(healInterval, healEnded, logFailingSince, pending.oldest());
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
        boolean healed = false;
        try {
            healed = healOnce();
            return healed;
        } finally {
            healEnded = clock.instant();
            metrics.healed(healed);
        }
    }

    private boolean healOnce() {
        List<NodeMark> marks;
        try {
            marks = transactions.requiresNew(log::nodeMarks);
            lastMarks = List.copyOf(marks);
            logFailingSince = null;
        } catch (RuntimeException e) {
            if (logFailingSince == null) {
                logFailingSince = clock.instant();
            }
            LOG.log(Level.WARNING, "SK0104 Statekeeper could not read the nodes' marks from the log: " + e);
            return false;
        }
        if (!started && inherited == null) {
            marks.stream().filter(m -> m.node().equals(node)).findFirst().ifPresent(m -> inherited = m.applied());
        }
        Optional<String> epoch = healStore(marks);
        nodes.publish(pending::since, inherited, epoch, e -> failed(StoreFailure.HEAL, e));
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
            failed(StoreFailure.HEAL, e);
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
                    LOG.log(Level.WARNING, "SK0103 Statekeeper store restarted, was restored or failed over (its epoch changed):"
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
            repair.retry(pending);
            // Only now: a catch-up that failed half way is tried again by the next heal.
            epoch.ifPresent(e -> lastEpoch = e);
            failingSince.set(null);
            lastHeal = clock.instant();
            started = true;
            inherited = null;
            return epoch;
        } catch (RuntimeException e) {
            failed(StoreFailure.HEAL, e);
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
        return rebuild(RecoveryProgress.NONE);
    }

    /**
     * Like {@link #rebuild()}, telling {@code progress} how far the load is.
     *
     * @param progress told the keys loaded so far of how many
     * @return what was loaded, or empty when another node holds the rebuild lock
     */
    public Optional<RecoveryReport> rebuild(RecoveryProgress progress) {
        return rebuild(transactions.requiresNew(log::nodeMarks), progress);
    }

    private Optional<RecoveryReport> rebuild(List<NodeMark> marksBefore, RecoveryProgress progress) {
        complete = false;
        Optional<RecoveryReport> report = rebuilds.run(() -> {
            nodes.loaded(marksBefore);
            complete = true;
        }, progress);
        report.ifPresent(r -> lastRebuild = new LastRebuild(clock.instant(), r.applied(), r.corrupt(), r.elapsed()));
        return report;
    }

    private boolean rebuildOnce(List<NodeMark> marks) {
        // Empty: another node is rebuilding; serve from the log until its marker appears.
        return rebuild(marks, RecoveryProgress.NONE).isPresent();
    }
}
