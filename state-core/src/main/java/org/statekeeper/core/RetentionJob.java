package org.statekeeper.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.Transactions;

/**
 * Deletes events older than the retention period, in bounded batches, one node at a time.
 *
 * <p>What it never deletes: a key's latest event (the one at its head's version) and the head row
 * of a key that has a value, so the head rows still hold the whole current state and recovery never
 * needs a deleted event. A deleted key whose tombstone (head row without value) is itself older
 * than the retention period is removed entirely, head row and events, and the store is told to
 * forget it: the key then starts again at version 1.
 */
public final class RetentionJob {

    /** The store lock a run holds, so that one node runs retention at a time. */
    public static final String LOCK = "retention";
    /** Rows deleted per transaction unless configured otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 1000;

    private static final System.Logger LOG = System.getLogger(RetentionJob.class.getName());
    /**
     * The store's rebuild lock (StoreSync's): held while deleted keys are removed, so a rebuild
     * cannot load a tombstone just read from the log back into the store after it was forgotten,
     * where it would refuse the key's new version 1.
     */
    private static final String REBUILD_LOCK = "rebuild";
    /** Renewed before every batch, so it only has to outlast one batch. */
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final EventLog log;
    private final StateStore store;
    private final Transactions transactions;
    private final Duration retention;
    private final int batchSize;
    private final String owner = "retention-" + UUID.randomUUID();
    private volatile boolean storeForgets = true;

    /** What a run has done so far. */
    private static final class Counts {
        long events;
        long tombstones;
        long batches;
    }

    /**
     * Creates a job deleting {@value #DEFAULT_BATCH_SIZE} rows per transaction.
     *
     * @param log the log to delete from
     * @param store the store whose lock makes runs exclusive, and which forgets removed keys
     * @param transactions runs each batch in a transaction of its own
     * @param retention how long events are kept
     */
    public RetentionJob(EventLog log, StateStore store, Transactions transactions, Duration retention) {
        this(log, store, transactions, retention, DEFAULT_BATCH_SIZE);
    }

    /**
     * Creates a job.
     *
     * @param log the log to delete from
     * @param store the store whose lock makes runs exclusive, and which forgets removed keys
     * @param transactions runs each batch in a transaction of its own
     * @param retention how long events are kept, positive
     * @param batchSize the most rows deleted in one transaction, 1 to 10000
     * @throws IllegalArgumentException when {@code retention} or {@code batchSize} is out of range
     */
    public RetentionJob(EventLog log, StateStore store, Transactions transactions, Duration retention, int batchSize) {
        this.log = Objects.requireNonNull(log, "log");
        this.store = Objects.requireNonNull(store, "store");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, was " + retention);
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batchSize must be 1 to 10000, was " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /**
     * Deletes what is older than {@code now} minus the retention period, unless another node is
     * running retention; logs the counts at INFO.
     *
     * @param now the time the retention period is counted back from
     * @return what was deleted; {@code ran() == false} when another node holds the lock
     */
    public RetentionReport run(Instant now) {
        long started = System.nanoTime();
        if (!store.tryLock(LOCK, owner, LEASE)) {
            LOG.log(Level.DEBUG, "Statekeeper log retention skipped: another node is running it");
            return new RetentionReport(false, 0, 0, 0, Duration.ofNanos(System.nanoTime() - started));
        }
        Counts counts = new Counts();
        try {
            Instant cutoff = now.minus(retention);
            // Events first: a deleted key's older events go here, so removing it later touches ~1 row.
            deleteOldEvents(cutoff, counts);
            if (storeForgets) {
                removeOldTombstones(cutoff, counts);
            }
        } finally {
            store.unlock(LOCK, owner);
        }
        RetentionReport report = new RetentionReport(true, counts.events, counts.tombstones, counts.batches,
                Duration.ofNanos(System.nanoTime() - started));
        LOG.log(Level.INFO, "SK0117 Statekeeper log retention ({0}): {1} events deleted, {2} deleted keys removed,"
                + " {3} batches, {4} ms", retention, report.eventsDeleted(), report.tombstonesRemoved(),
                report.batches(), report.elapsed().toMillis());
        return report;
    }

    private void deleteOldEvents(Instant cutoff, Counts counts) {
        long after = Long.MIN_VALUE;
        while (stillHolding()) {
            long from = after;
            List<Long> deleted = transactions.requiresNew(() -> log.deleteEventsBefore(cutoff, from, batchSize));
            if (deleted.isEmpty()) {
                return;
            }
            counts.batches++;
            counts.events += deleted.size();
            if (deleted.size() < batchSize) {
                return;
            }
            // Resuming after the last deleted sequence reads every row once per run, instead of
            // re-reading the old latest events (never deleted) at the start of every batch.
            after = deleted.get(deleted.size() - 1);
        }
    }

    private void removeOldTombstones(Instant cutoff, Counts counts) {
        if (!stillHolding()) {
            return;
        }
        KeyPages.walk(transactions, from -> log.deletedBefore(cutoff, from, batchSize), Head::key, page -> {
            if (!store.tryLock(REBUILD_LOCK, owner, LEASE)) {
                LOG.log(Level.DEBUG, "Statekeeper store is being rebuilt: deleted keys are removed on a later run");
                return false;
            }
            try {
                for (Head candidate : page) {
                    if (!remove(candidate.key(), cutoff, counts)) {
                        return false;
                    }
                }
            } finally {
                store.unlock(REBUILD_LOCK, owner);
            }
            counts.batches++;
            return page.size() == batchSize && stillHolding();
        });
    }

    /** Removes one deleted key if it is still deleted and old; returns false when removal must stop. */
    private boolean remove(String key, Instant cutoff, Counts counts) {
        int removed;
        try {
            removed = transactions.requiresNew(() -> {
                // Re-checked under the key's lock: a writer may have brought the key back meanwhile.
                Head head = log.lock(key);
                if (head.present() || head.version() == 0 || head.time() == null || !head.time().isBefore(cutoff)) {
                    return -1;
                }
                if (log.history(key, 1).stream().anyMatch(newest -> newest.version() > head.version())) {
                    // A head row left behind its newest event: removing the key would delete an acknowledged change.
                    LOG.log(Level.WARNING, "SK0118 Statekeeper retention skipped key " + key + ": its head row is behind its"
                            + " newest event; RecoveryManager.repairHeads() mends it");
                    return -1;
                }
                int events = log.removeDeletedKey(key);
                // Before the commit, while the row is locked: a writer waiting for the lock applies
                // its version 1 only after the store has dropped the tombstone that would refuse it.
                store.forget(key, head.version());
                return events;
            });
        } catch (UnsupportedOperationException e) {
            storeForgets = false;
            LOG.log(Level.INFO, "SK0119 Statekeeper keeps deleted keys' head rows: " + e.getMessage());
            return false;
        }
        if (removed >= 0) {
            counts.tombstones++;
            counts.events += removed;
        }
        return true;
    }

    private boolean stillHolding() {
        if (store.tryLock(LOCK, owner, LEASE)) {
            return true;
        }
        LOG.log(Level.WARNING, "SK0120 Statekeeper log retention lost its lock and stopped; the next run continues");
        return false;
    }
}
