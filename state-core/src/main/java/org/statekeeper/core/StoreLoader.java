package org.statekeeper.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.statekeeper.RecoveryProgress;
import org.statekeeper.RecoveryReport;
import org.statekeeper.core.metrics.StateMetrics;
import org.statekeeper.spi.LogReader;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.StateCodec;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.Transactions;

/**
 * Loads a store from the log's head rows, page by page (each page read in its own transaction,
 * written in one pipelined batch), skipping rows whose value is not readable and logging progress.
 */
public final class StoreLoader {

    private static final System.Logger LOG = System.getLogger(StoreLoader.class.getName());
    /** Head rows read per query (and written to the store per batch). */
    public static final int PAGE = 2000;
    private static final int SAMPLE = 20;
    private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(2).toNanos();

    private final StateStore store;
    private final LogReader log;
    private final Transactions transactions;
    private final StateCodec codec;
    private final StateMetrics metrics;

    /**
     * Creates a loader.
     *
     * @param store the store to fill
     * @param log the log to read head rows from
     * @param transactions runs each page read in its own transaction
     * @param codec tells readable stored values from corrupt ones
     */
    public StoreLoader(StateStore store, LogReader log, Transactions transactions, StateCodec codec) {
        this(store, log, transactions, codec, new StateMetrics());
    }

    /**
     * Creates a loader that reports each rebuild's progress to {@code metrics}.
     *
     * @param store the store to fill
     * @param log the log to read heads from
     * @param transactions runs each page read in its own transaction
     * @param codec tells readable values from corrupt ones
     * @param metrics where rebuild progress is recorded
     */
    public StoreLoader(StateStore store, LogReader log, Transactions transactions, StateCodec codec, StateMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.log = log;
        this.transactions = transactions;
        this.codec = codec;
    }

    /**
     * Thrown when a rebuild finds that it no longer holds the lock that keeps other rebuilds out: another
     * node may be clearing and loading the store now, so this one stops and never marks it complete.
     */
    public static final class LockLostException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        LockLostException() {
            super("the rebuild lock was lost (its lease ran out); another node may be rebuilding the store");
        }
    }

    /**
     * Clears the store, loads every head row into it (version guarded) and sets a new generation marker.
     *
     * @return what was loaded and skipped
     */
    public RecoveryReport rebuild() {
        return rebuild(() -> true);
    }

    /**
     * Like {@link #rebuild()}, asking {@code stillHeld} before each page is written and before the store is
     * marked complete whether this rebuild still holds its lock (renewing it): a rebuild that lost it stops.
     *
     * @param stillHeld renews the rebuild lock and returns whether it is still held
     * @return what was loaded and skipped
     * @throws LockLostException when the lock was lost; the store is left without generation marker
     */
    public RecoveryReport rebuild(BooleanSupplier stillHeld) {
        return rebuild(stillHeld, RecoveryProgress.NONE);
    }

    /**
     * Like {@link #rebuild(BooleanSupplier)}, telling {@code progress} after every page how far the load is.
     *
     * @param stillHeld renews the rebuild lock and returns whether it is still held
     * @param progress told the keys loaded so far of the head rows counted before the load (phase {@code load})
     * @return what was loaded and skipped
     * @throws LockLostException when the lock was lost; the store is left without generation marker
     */
    public RecoveryReport rebuild(BooleanSupplier stillHeld, RecoveryProgress progress) {
        long started = System.nanoTime();
        long total = transactions.requiresNew(log::countHeads);
        metrics.rebuildStarted(total);
        boolean completed = false;
        try {
            progress.update("clear", 0, total);
            store.clear();
            RecoveryReport report = load("rebuild", started, total, after -> log.heads(after, PAGE), true, stillHeld,
                    progress);
            if (!stillHeld.getAsBoolean()) {
                throw new LockLostException();
            }
            store.markGeneration(UUID.randomUUID().toString());
            completed = true;
            return report;
        } finally {
            metrics.rebuildEnded(completed);
        }
    }

    /**
     * Re-applies (version guarded) every head changed at or after {@code since}.
     *
     * @param since the earliest change time to re-apply
     * @return what was applied and skipped
     */
    public RecoveryReport catchUp(Instant since) {
        return catchUp(since, RecoveryProgress.NONE);
    }

    /**
     * Like {@link #catchUp(Instant)}, telling {@code progress} after every page how many keys are re-applied.
     *
     * @param since the earliest change time to re-apply
     * @param progress told the keys re-applied so far (phase {@code load}, total unknown)
     * @return what was applied and skipped
     */
    public RecoveryReport catchUp(Instant since, RecoveryProgress progress) {
        return load("recover", System.nanoTime(), -1, after -> log.headsChangedSince(since, after, PAGE), false,
                () -> true, progress);
    }

    /**
     * Re-applies (version guarded) every head {@code pages} returns, as a routine look: reported at DEBUG.
     *
     * @param pages the heads after a key (null: from the start), a page at a time, in key order
     * @return what was applied and skipped
     */
    public RecoveryReport poll(Function<String, List<Head>> pages) {
        Load load = new Load("poll", System.nanoTime(), -1, false, () -> true, RecoveryProgress.NONE);
        KeyPages.walk(transactions, pages, Head::key, load::page);
        return load.finish();
    }

    /**
     * Reads page after page; into a just-cleared store ({@code cleared}) the next page is read while
     * the store is still writing the previous one.
     */
    private RecoveryReport load(String operation, long started, long total, Function<String, List<Head>> pages,
            boolean cleared, BooleanSupplier stillHeld, RecoveryProgress progress) {
        Load load = new Load(operation, started, total, cleared, stillHeld, progress);
        KeyPages.walk(transactions, pages, Head::key, load::page);
        return load.finish();
    }

    /** One load's progress: what was applied, the corrupt rows skipped, the writes still in flight. */
    private final class Load {

        private final String operation;
        private final long started;
        private final long total;
        private final boolean cleared;
        private final BooleanSupplier stillHeld;
        private final RecoveryProgress progress;
        private final List<String> sample = new ArrayList<>();
        private long applied;
        private long corrupt;
        private long lastReport;
        private StateStore.PendingWrites inFlight;

        Load(String operation, long started, long total, boolean cleared, BooleanSupplier stillHeld,
                RecoveryProgress progress) {
            this.stillHeld = stillHeld;
            this.progress = progress;
            this.operation = operation;
            this.started = started;
            this.total = total;
            this.cleared = cleared;
            this.lastReport = started;
        }

        boolean page(List<Head> page) {
            if (!stillHeld.getAsBoolean()) {
                throw new LockLostException();
            }
            List<Head> readable = new ArrayList<>(page.size());
            for (Head head : page) {
                if (head.json() == null || codec.isWellFormed(head.json())) {
                    readable.add(head);
                } else {
                    corrupt++;
                    if (sample.size() < SAMPLE) {
                        sample.add(head.key() + "@" + head.version());
                    }
                }
            }
            if (cleared) {
                StateStore.PendingWrites sent = store.fill(readable);
                if (inFlight != null) {
                    inFlight.await();
                }
                inFlight = sent;
            } else {
                store.applyAll(readable);
            }
            applied += readable.size();
            progress.update("load", applied + corrupt, total);
            if (cleared) {
                // Only a rebuild loads into a cleared store.
                metrics.rebuildProgress(applied);
            }
            long now = System.nanoTime();
            if (now - lastReport >= PROGRESS_EVERY_NANOS) {
                lastReport = now;
                LOG.log(Level.INFO, "SK0110 Statekeeper {0}: {1} of {2} keys, {3} keys/s", operation, Long.toString(applied),
                        total < 0 ? "?" : Long.toString(total), Long.toString(rate(applied, now - started)));
            }
            return true;
        }

        RecoveryReport finish() {
            if (inFlight != null) {
                inFlight.await();
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (corrupt > 0) {
                LOG.log(Level.WARNING, "SK0111 Statekeeper {0} skipped {1} head rows whose value is not readable: {2}",
                        operation, Long.toString(corrupt), sample);
            }
            // Numbers as plain strings: message formatting would group digits by locale.
            LOG.log(operation.equals("poll") ? Level.DEBUG : Level.INFO,
                    "SK0112 Statekeeper {0} done: {1} keys in {2} ms ({3} keys/s), {4} corrupt skipped",
                    operation, Long.toString(applied), Long.toString(elapsed.toMillis()),
                    Long.toString(rate(applied, elapsed.toNanos())), Long.toString(corrupt));
            return new RecoveryReport(operation, applied, corrupt, sample, elapsed);
        }
    }

    private static long rate(long count, long nanos) {
        return nanos <= 0 ? count : count * 1_000_000_000L / nanos;
    }
}
