package org.statekeeper.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.statekeeper.InvalidArgumentException;
import org.statekeeper.RecoveryManager;
import org.statekeeper.RecoveryProgress;
import org.statekeeper.RecoveryReport;
import org.statekeeper.StateException;
import org.statekeeper.VerifyReport;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.LoggedChange;
import org.statekeeper.spi.StateCodec;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.StoredValue;
import org.statekeeper.spi.Transactions;

/** The container-free {@link RecoveryManager} of one engine's store and log. */
public final class Recovery implements RecoveryManager {

    private static final System.Logger LOG = System.getLogger(Recovery.class.getName());
    private static final int PAGE = 1000;
    private static final int SAMPLE = 20;
    private static final Duration EXPIRY_SKEW = Duration.ofSeconds(2);

    private final StateEngine engine;
    private final EngineParts parts;

    /**
     * Creates the recovery operations of {@code engine}.
     *
     * @param engine the engine whose store is recovered
     * @param parts what the engine was assembled from
     */
    public Recovery(StateEngine engine, EngineParts parts) {
        this.engine = engine;
        this.parts = parts;
    }

    @Override
    public RecoveryReport rebuild() {
        return rebuild(RecoveryProgress.NONE);
    }

    @Override
    public RecoveryReport rebuild(RecoveryProgress progress) {
        return engine.storeSync().rebuild(progress).orElseThrow(() -> new StateException(null,
                "Another node is rebuilding the store now; its rebuild will complete it"));
    }

    @Override
    public RecoveryReport recover(Instant since) {
        return recover(since, RecoveryProgress.NONE);
    }

    @Override
    public RecoveryReport recover(Instant since, RecoveryProgress progress) {
        if (since == null) {
            throw new InvalidArgumentException(null, "since", "must not be null");
        }
        return engine.storeSync().loader().catchUp(since, progress);
    }

    @Override
    public RecoveryReport replay(long fromSequence) {
        long started = System.nanoTime();
        StateStore store = parts.store();
        StateCodec codec = parts.codec();
        Transactions tx = parts.transactions();
        EventLog log = parts.log();
        long applied = 0;
        long corrupt = 0;
        List<String> sample = new ArrayList<>();
        long after = fromSequence - 1;
        while (true) {
            long from = after;
            List<LoggedChange> page = tx.requiresNew(() -> log.eventsAfter(from, PAGE));
            if (page.isEmpty()) {
                break;
            }
            List<Head> readable = new ArrayList<>(page.size());
            for (LoggedChange e : page) {
                if (e.json() != null && !codec.isWellFormed(e.json())) {
                    corrupt++;
                    if (sample.size() < SAMPLE) {
                        sample.add(e.key() + "@" + e.version());
                    }
                    continue;
                }
                readable.add(new Head(e.key(), e.version(), e.json(), e.time(), e.expiresAt()));
            }
            // In sequence order and version guarded: an older event never replaces a newer value.
            store.applyAll(readable);
            applied += readable.size();
            after = page.get(page.size() - 1).sequence();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        LOG.log(Level.INFO, "SK0113 Statekeeper replay from sequence {0}: {1} events re-applied, {2} corrupt skipped, {3} ms",
                fromSequence, applied, corrupt, elapsed.toMillis());
        return new RecoveryReport("replay", applied, corrupt, sample, elapsed);
    }

    @Override
    public VerifyReport verify() {
        return verify(RecoveryProgress.NONE);
    }

    @Override
    public VerifyReport verify(RecoveryProgress progress) {
        long started = System.nanoTime();
        long total = parts.transactions().requiresNew(parts.log()::countHeads);
        progress.update("heads", 0, total);
        Instant now = parts.clock().instant();
        Set<String> inLog = new HashSet<>();
        Tally missing = new Tally();
        Tally stale = new Tally();
        Tally extra = new Tally();
        long[] checked = {0};
        KeyPages.walk(parts.transactions(), from -> parts.log().heads(from, PAGE), Head::key, page -> {
            for (Head head : page) {
                checked[0]++;
                inLog.add(head.key());
                Optional<StoredValue> held = parts.store().get(head.key());
                Instant read = parts.clock().instant();
                if (head.expiresAt() != null && head.expiresAt().isBefore(read.plus(EXPIRY_SKEW))
                        && head.expiresAt().isAfter(now.minus(EXPIRY_SKEW))) {
                    // Expiring while we look: the store and the sweep may each be either side of it.
                    continue;
                }
                if (!head.liveAt(now)) {
                    if (held.isPresent()) {
                        extra.add(head.key());
                    }
                } else if (held.isEmpty()) {
                    missing.add(head.key());
                } else if (held.get().version() != head.version() || !held.get().json().equals(head.json())) {
                    stale.add(head.key());
                }
            }
            progress.update("heads", checked[0], total < 0 ? -1 : Math.max(total, checked[0]));
            return true;
        });
        long[] seen = {0};
        parts.store().forEachKey(key -> {
            if (!inLog.contains(key) && parts.store().get(key).isPresent()) {
                extra.add(key);
            }
            if (++seen[0] % PAGE == 0) {
                progress.update("store keys", seen[0], -1);
            }
        });
        progress.update("store keys", seen[0], seen[0]);
        Tally behind = new Tally();
        forEachHeadBehind(newest -> behind.add(newest.key()));
        progress.update("heads behind", behind.count, behind.count);
        VerifyReport report = new VerifyReport(checked[0], missing.count, stale.count, extra.count, missing.sample,
                stale.sample, extra.sample, behind.count, behind.sample, Duration.ofNanos(System.nanoTime() - started));
        LOG.log(report.consistent() ? Level.INFO : Level.WARNING,
                "SK0114 Statekeeper verify: {0} keys checked, {1} missing, {2} stale, {3} extra in the store, {4} head rows"
                + " behind their newest event (repairHeads mends them)",
                report.checked(), report.missing(), report.stale(), report.extra(), report.behind());
        return report;
    }

    @Override
    public RecoveryReport repairHeads() {
        long started = System.nanoTime();
        Tally repaired = new Tally();
        Tally failed = new Tally();
        forEachHeadBehind(candidate -> {
            try {
                repairHead(candidate.key()).ifPresent(newest -> {
                    // Through the engine's store sync: a store that refuses marks the key pending (reads go to
                    // the log) instead of stopping the repair of the other keys.
                    engine.storeSync().apply(newest.key(), newest.version(), newest.json(), newest.expiresAt(), null);
                    repaired.add(newest.key() + "@" + newest.version());
                });
            } catch (RuntimeException e) {
                failed.add(candidate.key());
                LOG.log(Level.WARNING, "SK0115 Statekeeper could not repair the head row of key " + candidate.key() + ": " + e);
            }
        });
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        LOG.log(repaired.count == 0 && failed.count == 0 ? Level.INFO : Level.WARNING,
                "SK0116 Statekeeper repairHeads: {0} head rows moved to their newest event, {1} failed, {2} ms; first: {3}",
                repaired.count, failed.count, elapsed.toMillis(), repaired.sample);
        return new RecoveryReport("repairHeads", repaired.count, failed.count, failed.sample, elapsed);
    }

    /**
     * Under the key's lock, reads its newest event again (a writer may have moved on meanwhile) and moves
     * the head row to it when it is still behind; the head's time becomes now, so a catch-up by time
     * after a store outage includes the key.
     */
    private Optional<LoggedChange> repairHead(String key) {
        return parts.transactions().requiresNew(() -> {
            Head head = parts.log().lock(key);
            LoggedChange newest = parts.log().history(key, 1).stream().findFirst().orElse(null);
            if (newest == null || newest.version() <= head.version()) {
                return Optional.<LoggedChange>empty();
            }
            LoggedChange restored = new LoggedChange(newest.sequence(), key, newest.version(), newest.type(),
                    newest.json(), parts.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                    newest.principal(), newest.nodeId(), newest.transactionId(), newest.expiresAt());
            parts.log().restoreHead(restored);
            parts.log().flush();
            return Optional.of(restored);
        });
    }

    /** Passes the newest event of every key whose head row is behind it, in key order, page by page. */
    private void forEachHeadBehind(java.util.function.Consumer<LoggedChange> action) {
        KeyPages.walk(parts.transactions(), from -> parts.log().headsBehind(from, PAGE), LoggedChange::key, page -> {
            page.forEach(action);
            return true;
        });
    }

    /** Counts keys of one kind and keeps the first few as a sample. */
    private static final class Tally {
        long count;
        final List<String> sample = new ArrayList<>();

        void add(String key) {
            count++;
            if (sample.size() < SAMPLE) {
                sample.add(key);
            }
        }
    }
}
