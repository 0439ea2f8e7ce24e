package org.statekeeper.jpa;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.statekeeper.StateException;

/**
 * This node's queue of writers per key: a transaction takes a key here before it touches the key's
 * head row, and keeps it until it has ended, so that on one node at most one transaction at a time
 * waits for or holds a head row in the database.
 *
 * <p>Why: the database's own row lock serialises writers of all nodes, but how it makes them wait is
 * the database's. H2, the servers' default datasource, fails a waiter after 1 s, and a statement that
 * waited for a row another transaction then changed can, when its transaction rolls back, put the
 * older row back (a committed head move lost, its event kept). Queued here first, writers on one node
 * never wait inside the database; across nodes, the databases that can be shared (PostgreSQL,
 * MariaDB) wait correctly and without a short timeout.
 *
 * <p>Waiters are served in arrival order. Owners are transactions, not threads: a transaction can be
 * ended (and its keys released) by another thread, such as a transaction manager's timeout reaper.
 * Two transactions that each wait for a key the other holds would wait for ever; that is detected
 * and the later one fails at once, as a database fails a deadlock victim.
 */
final class KeyLocks {

    private static final class Entry {
        Object owner;
        final Deque<Object> queue = new ArrayDeque<>();
        final Condition handedOver;

        Entry(Object owner, Condition handedOver) {
            this.owner = owner;
            this.handedOver = handedOver;
        }
    }

    private final ReentrantLock monitor = new ReentrantLock();
    private final Map<String, Entry> entries = new HashMap<>();
    /** Which key each waiting owner waits for: the edges of the wait-for graph. */
    private final Map<Object, String> waitingFor = new HashMap<>();
    private final Map<Object, Set<String>> heldBy = new HashMap<>();
    private final Duration patience;

    /**
     * Creates the queues.
     *
     * @param patience the longest a writer waits for a key before failing (a safety net: a key is held
     *        only while its transaction runs, and transactions end)
     */
    KeyLocks(Duration patience) {
        this.patience = patience;
    }

    /**
     * Waits until {@code owner} holds {@code key}; returns at once when it already does.
     *
     * @throws StateException naming the key when waiting would deadlock, when the wait exceeds the
     *         patience, or when the thread is interrupted
     */
    void acquire(String key, Object owner) {
        monitor.lock();
        try {
            Entry entry = entries.get(key);
            if (entry == null) {
                entries.put(key, new Entry(owner, monitor.newCondition()));
                heldBy.computeIfAbsent(owner, o -> new HashSet<>()).add(key);
                return;
            }
            if (entry.owner == owner) {
                return;
            }
            if (wouldDeadlock(owner, entry.owner)) {
                throw new StateException(key, "Key " + key + " is held by a transaction that waits for a key this"
                        + " transaction holds (a deadlock: take keys in one order); this transaction must roll back");
            }
            entry.queue.addLast(owner);
            waitingFor.put(owner, key);
            long left = patience.toNanos();
            try {
                while (entry.owner != owner) {
                    if (left <= 0) {
                        throw new StateException(key, "Waited " + patience.toSeconds() + " s for key " + key
                                + ", held all that time by another transaction of this node");
                    }
                    left = entry.handedOver.awaitNanos(left);
                }
                heldBy.computeIfAbsent(owner, o -> new HashSet<>()).add(key);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StateException(key, "Interrupted while waiting for key " + key, e);
            } finally {
                waitingFor.remove(owner);
                if (entry.owner != owner) {
                    entry.queue.remove(owner);
                }
            }
        } finally {
            monitor.unlock();
        }
    }

    /** Releases every key {@code owner} holds, handing each to its longest waiter. */
    void releaseAll(Object owner) {
        monitor.lock();
        try {
            Set<String> keys = heldBy.remove(owner);
            if (keys == null) {
                return;
            }
            for (String key : keys) {
                Entry entry = entries.get(key);
                if (entry == null || entry.owner != owner) {
                    continue;
                }
                Object next = entry.queue.pollFirst();
                if (next == null) {
                    entries.remove(key);
                } else {
                    entry.owner = next;
                    entry.handedOver.signalAll();
                }
            }
        } finally {
            monitor.unlock();
        }
    }

    /** Returns how many keys are held now (for tests: none once every transaction has ended). */
    int held() {
        monitor.lock();
        try {
            return entries.size();
        } finally {
            monitor.unlock();
        }
    }

    /** Returns how many owners are waiting for a key now (for tests). */
    int waiting() {
        monitor.lock();
        try {
            return waitingFor.size();
        } finally {
            monitor.unlock();
        }
    }

    /** Follows holder → the key it waits for → that key's holder …; a path back to {@code waiter} is a cycle. */
    private boolean wouldDeadlock(Object waiter, Object holder) {
        Object current = holder;
        for (int steps = 0; current != null && steps <= entries.size(); steps++) {
            if (current == waiter) {
                return true;
            }
            String awaited = waitingFor.get(current);
            Entry entry = awaited == null ? null : entries.get(awaited);
            current = entry == null ? null : entry.owner;
        }
        return false;
    }

}
