package org.statekeeper.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.statekeeper.StateException;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.LoggedChange;

/**
 * An in-memory log behaving like the database one: writes stay private to their transaction until
 * it commits, a rollback discards them, {@link #lock} blocks other transactions until the holder
 * ends, and a commit that would write a (key, version) pair twice is refused, like the unique index.
 */
final class FakeEventLog implements EventLog {

    private final FakeTransactions transactions;
    private final Map<String, Head> heads = new TreeMap<>();
    /** The node that wrote each committed head's version. */
    private final Map<String, String> writers = new HashMap<>();
    private final Map<String, org.statekeeper.spi.NodeMark> marks = new TreeMap<>();
    private final List<LoggedChange> events = new ArrayList<>();
    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private long sequence;

    FakeEventLog(FakeTransactions transactions) {
        this.transactions = transactions;
    }

    /** One transaction's uncommitted writes and the locks it holds. */
    private final class Work implements FakeTransactions.Participant {
        final Map<String, Head> heads = new HashMap<>();
        final List<LoggedChange> events = new ArrayList<>();
        final List<ReentrantLock> held = new ArrayList<>();
        final Set<Long> deletedSequences = new TreeSet<>();
        final Set<String> removedKeys = new TreeSet<>();
        final Map<String, Head> restored = new HashMap<>();

        @Override
        public void commit() {
            try {
                synchronized (FakeEventLog.this) {
                    for (String key : removedKeys) {
                        FakeEventLog.this.heads.remove(key);
                        writers.remove(key);
                        FakeEventLog.this.events.removeIf(e -> e.key().equals(key));
                    }
                    FakeEventLog.this.events.removeIf(e -> deletedSequences.contains(e.sequence()));
                    for (LoggedChange e : events) {
                        Head committed = FakeEventLog.this.heads.get(e.key());
                        if (committed != null && committed.version() >= e.version()) {
                            throw new IllegalStateException("duplicate (key, version): " + e.key() + " v" + e.version());
                        }
                    }
                    FakeEventLog.this.heads.putAll(restored);
                    for (LoggedChange e : events) {
                        FakeEventLog.this.events.add(new LoggedChange(++sequence, e.key(), e.version(), e.type(),
                                e.json(), e.time(), e.principal(), e.nodeId(), e.transactionId(), e.expiresAt()));
                        FakeEventLog.this.heads.put(e.key(),
                                new Head(e.key(), e.version(), e.json(), e.time(), e.expiresAt()));
                        writers.put(e.key(), e.nodeId());
                    }
                }
            } finally {
                release();
            }
        }

        @Override
        public void rollback() {
            release();
        }

        private void release() {
            held.forEach(ReentrantLock::unlock);
            held.clear();
        }
    }

    /** Whether some transaction holds the key's lock. */
    boolean isLocked(String key) {
        ReentrantLock lock = locks.get(key);
        return lock != null && lock.isLocked();
    }

    @Override
    public Head lock(String key) {
        Work work = work();
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        if (!lock.isHeldByCurrentThread()) {
            lock.lock();
            work.held.add(lock);
        }
        return staleReads.apply(view(work, key));
    }

    /**
     * Applied to what the next reads return: a test can make them answer an older row, as a database that
     * answers a locking read with the row as it was before the wait does.
     */
    volatile java.util.function.UnaryOperator<Head> staleReads = java.util.function.UnaryOperator.identity();

    @Override
    public Optional<Head> head(String key) {
        Work work = transactions.inTransaction() ? (Work) transactions.getResource(this) : null;
        Head h = staleReads.apply(view(work, key));
        return h.version() == 0 ? Optional.empty() : Optional.of(h);
    }

    @Override
    public void append(LoggedChange change) {
        Work work = work();
        work.events.add(change);
        work.heads.put(change.key(),
                new Head(change.key(), change.version(), change.json(), change.time(), change.expiresAt()));
    }

    @Override
    public synchronized List<Head> heads(String afterKey, int limit) {
        return heads.values().stream()
                .filter(h -> afterKey == null || h.key().compareTo(afterKey) > 0)
                .limit(limit).toList();
    }

    @Override
    public synchronized List<Head> headsChangedSince(Instant since, String afterKey, int limit) {
        return heads.values().stream()
                .filter(h -> !h.time().isBefore(since))
                .filter(h -> afterKey == null || h.key().compareTo(afterKey) > 0)
                .limit(limit).toList();
    }

    @Override
    public synchronized List<Head> headsWrittenBy(String node, Instant since, String afterKey, int limit) {
        return heads.values().stream()
                .filter(h -> node.equals(writers.get(h.key())) && !h.time().isBefore(since))
                .filter(h -> afterKey == null || h.key().compareTo(afterKey) > 0)
                .limit(limit).toList();
    }

    @Override
    public synchronized List<org.statekeeper.spi.NodeMark> nodeMarks() {
        return List.copyOf(marks.values());
    }

    @Override
    public synchronized void markNode(org.statekeeper.spi.NodeMark mark) {
        marks.put(mark.node(), mark);
    }

    @Override
    public synchronized void forgetNode(String node, long beat) {
        marks.computeIfPresent(node, (n, mark) -> mark.beat() == beat ? null : mark);
    }

    @Override
    public synchronized List<Head> expired(Instant now, int limit) {
        return heads.values().stream()
                .filter(h -> h.present() && h.expiresAt() != null && !now.isBefore(h.expiresAt()))
                .limit(limit).toList();
    }

    @Override
    public synchronized List<LoggedChange> eventsAfter(long sequence, int limit) {
        return events.stream().filter(e -> e.sequence() > sequence)
                .sorted(Comparator.comparingLong(LoggedChange::sequence)).limit(limit).toList();
    }

    @Override
    public synchronized List<LoggedChange> history(String key, int offset, int limit) {
        return events.stream().filter(e -> e.key().equals(key))
                .sorted(Comparator.comparingLong(LoggedChange::sequence).reversed())
                .skip(offset).limit(limit).toList();
    }

    @Override
    public synchronized List<LoggedChange> eventsSince(Instant from, int limit) {
        return events.stream().filter(e -> !e.time().isBefore(from))
                .sorted(Comparator.comparingLong(LoggedChange::sequence)).limit(limit).toList();
    }

    @Override
    public synchronized List<LoggedChange> byPrincipal(String principal, int offset, int limit) {
        return events.stream().filter(e -> e.principal().equals(principal))
                .sorted(Comparator.comparingLong(LoggedChange::sequence).reversed())
                .skip(offset).limit(limit).toList();
    }

    @Override
    public List<Long> deleteEventsBefore(Instant cutoff, long afterSequence, int limit) {
        Work work = work();
        List<Long> chosen;
        synchronized (this) {
            chosen = events.stream()
                    .filter(e -> e.sequence() > afterSequence && e.time().isBefore(cutoff))
                    .filter(e -> !work.deletedSequences.contains(e.sequence()))
                    .filter(e -> heads.containsKey(e.key()) && e.version() < heads.get(e.key()).version())
                    .map(LoggedChange::sequence).sorted().limit(limit).toList();
        }
        work.deletedSequences.addAll(chosen);
        return chosen;
    }

    @Override
    public synchronized List<Head> deletedBefore(Instant cutoff, String afterKey, int limit) {
        return heads.values().stream()
                .filter(h -> !h.present() && h.version() > 0 && h.time().isBefore(cutoff))
                .filter(h -> afterKey == null || h.key().compareTo(afterKey) > 0)
                .limit(limit).toList();
    }

    @Override
    public int removeDeletedKey(String key) {
        Work work = work();
        ReentrantLock lock = locks.get(key);
        if (lock == null || !lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("removeDeletedKey called without lock() on " + key);
        }
        if (view(work, key).present()) {
            throw new StateException(key, "a live key is never removed: " + key);
        }
        work.removedKeys.add(key);
        synchronized (this) {
            return (int) events.stream().filter(e -> e.key().equals(key)).count();
        }
    }

    /** Returns every committed event in sequence order. */
    synchronized List<LoggedChange> events() {
        return List.copyOf(events);
    }

    /** Replaces the committed head's value of {@code key} with {@code json}, as a hand edit of the table would. */
    synchronized void corruptHead(String key, String json) {
        Head h = heads.get(key);
        heads.put(key, new Head(key, h.version(), json, h.time(), h.expiresAt()));
    }

    /** Returns the committed head of {@code key}, as another transaction would see it. */
    synchronized Optional<Head> committedHead(String key) {
        return Optional.ofNullable(heads.get(key));
    }

    private Work work() {
        if (!transactions.inTransaction()) {
            throw new IllegalStateException("the log is written only inside a transaction");
        }
        Work work = (Work) transactions.getResource(this);
        if (work == null) {
            work = new Work();
            transactions.putResource(this, work);
            transactions.enlist(work);
        }
        return work;
    }

    private Head view(Work work, String key) {
        Head own = work == null ? null : work.heads.get(key);
        if (own != null) {
            return own;
        }
        synchronized (this) {
            Head committed = heads.get(key);
            return committed != null ? committed : Head.absent(key);
        }
    }

    @Override
    public synchronized List<LoggedChange> headsBehind(String afterKey, int limit) {
        Map<String, LoggedChange> newest = new TreeMap<>();
        for (LoggedChange e : events) {
            Head head = heads.get(e.key());
            if ((afterKey == null || e.key().compareTo(afterKey) > 0) && (head == null || head.version() < e.version())) {
                newest.merge(e.key(), e, (a, b) -> a.version() >= b.version() ? a : b);
            }
        }
        return newest.values().stream().limit(limit).toList();
    }

    @Override
    public void restoreHead(LoggedChange newest) {
        Work work = work();
        Head head = new Head(newest.key(), newest.version(), newest.json(), newest.time(), newest.expiresAt());
        work.heads.put(newest.key(), head);
        work.restored.put(newest.key(), head);
    }
}
