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
 * the database's. H2, the servers' default datasource, fails a waiter after its lock timeout (2 s), and
 * a statement that waited for a row another transaction then changed can, when its transaction rolls
 * back, put the older row back (a committed head move lost, its event kept). Queued here first, writers
 * on one node never wait inside the database; across nodes, the databases that can be shared
 * (PostgreSQL, MariaDB) wait correctly and without a short timeout.
 *
 * <p>Waiters are served in arrival order. Owners are transactions, not threads: a transaction can be
 * ended (and its keys released) by another thread, such as a transaction manager's timeout reaper; an
 * owner that has ended takes no key any more. Two transactions of this node that each wait for a key
 * the other holds would wait for ever; that is detected and the later one fails at once, as a database
 * fails a deadlock victim; so is a transaction waiting for a key held by a transaction it suspended
 * (a {@code REQUIRES_NEW} call on the same thread). A wait that involves another node's transaction
 * inside the database is seen by neither side: {@code patience} bounds it.
 */
final class KeyLocks {

    /** One transaction as an owner of keys. */
    static final class Owner {
        /** The thread that first took a key for it: the one its suspended inner transactions run on. */
        private Thread thread;
        private boolean ended;
    }

    private static final class Entry {
        Owner owner;
        final Deque<Owner> queue = new ArrayDeque<>();
        final Condition handedOver;

        Entry(Owner owner, Condition handedOver) {
            this.owner = owner;
            this.handedOver = handedOver;
        }
    }

    private static final System.Logger LOG = System.getLogger(KeyLocks.class.getName());
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final ReentrantLock monitor = new ReentrantLock();
    private final Map<String, Entry> entries = new HashMap<>();
    /** Which key each waiting owner waits for: the edges of the wait-for graph. */
    private final Map<Owner, String> waitingFor = new HashMap<>();
    private final Map<Owner, Set<String>> heldBy = new HashMap<>();
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
     * @throws StateException naming the key when the owner has ended, when waiting would deadlock, when
     *         the wait exceeds the patience, or when the thread is interrupted
     */
    void acquire(String key, Owner owner) {
        monitor.lock();
        try {
            if (owner.ended) {
                throw new StateException(key, "The transaction writing key " + key + " has already ended");
            }
            if (owner.thread == null) {
                owner.thread = Thread.currentThread();
            }
            Entry entry = entries.get(key);
            if (entry == null) {
                entries.put(key, new Entry(owner, monitor.newCondition()));
                take(owner, key);
                return;
            }
            if (entry.owner == owner) {
                return;
            }
            refuseDeadlock(key, owner, entry.owner);
            await(key, owner, entry);
        } finally {
            monitor.unlock();
        }
    }

    private void await(String key, Owner owner, Entry entry) {
        entry.queue.addLast(owner);
        waitingFor.put(owner, key);
        long left = patience.toNanos();
        try {
            while (entry.owner != owner) {
                if (owner.ended) {
                    throw new StateException(key, "The transaction waiting for key " + key + " ended meanwhile");
                }
                Thread holder = entry.owner.thread;
                if (holder != null && !holder.isAlive()) {
                    // Its thread is gone, so its transaction can never go on: the key is not held by anyone.
                    LOG.log(System.Logger.Level.WARNING, "SK0302 Statekeeper released key " + key + ": the thread of the"
                            + " transaction holding it (" + holder.getName() + ") ended without ending the transaction");
                    releaseAll(entry.owner);
                    continue;
                }
                if (left <= 0) {
                    throw new StateException(key, "Waited " + patience.toSeconds() + " s for key " + key
                            + ", held all that time by a transaction of thread " + (holder == null ? "?" : holder.getName()));
                }
                // Woken by a hand-over; also every second, to see whether the holder's thread is still alive.
                long slice = Math.min(left, RECHECK_NANOS);
                left -= slice - entry.handedOver.awaitNanos(slice);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Handed over while being interrupted, the key is this owner's (releaseAll frees it).
            throw new StateException(key, "Interrupted while waiting for key " + key, e);
        } finally {
            waitingFor.remove(owner);
            entry.queue.remove(owner);
        }
    }

    /**
     * Releases every key {@code owner} holds, handing each to its longest waiter, and ends the owner:
     * it takes no key afterwards, and a wait of it in progress fails.
     */
    void releaseAll(Owner owner) {
        monitor.lock();
        try {
            owner.ended = true;
            String awaited = waitingFor.get(owner);
            if (awaited != null) {
                // Ended by another thread (a timeout reaper) while its own thread waits: wake it to fail.
                entries.get(awaited).handedOver.signalAll();
            }
            Set<String> keys = heldBy.remove(owner);
            if (keys == null) {
                return;
            }
            for (String key : keys) {
                Entry entry = entries.get(key);
                if (entry == null || entry.owner != owner) {
                    continue;
                }
                Owner next = entry.queue.pollFirst();
                if (next == null) {
                    entries.remove(key);
                } else {
                    // Taken on the waiter's behalf now, so that it is released with the waiter's keys
                    // even if the waiter never wakes to see it (interrupted, or ended meanwhile).
                    entry.owner = next;
                    take(next, key);
                    entry.handedOver.signalAll();
                }
            }
        } finally {
            monitor.unlock();
        }
    }

    private void take(Owner owner, String key) {
        heldBy.computeIfAbsent(owner, o -> new HashSet<>()).add(key);
        if (owner.ended) {
            // Handed to an owner that ended while it queued: pass it on at once.
            releaseAll(owner);
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

    /**
     * Follows holder → the key it waits for → that key's holder …; a path back to {@code waiter} is a
     * cycle. A holder that runs on the waiter's thread and is not waiting is suspended under it.
     */
    private void refuseDeadlock(String key, Owner waiter, Owner holder) {
        Owner current = holder;
        for (int steps = 0; current != null && steps <= entries.size(); steps++) {
            if (current == waiter) {
                throw new StateException(key, "Key " + key + " is held by a transaction that waits for a key this"
                        + " transaction holds (a deadlock: take keys in one order); this transaction must roll back");
            }
            String awaited = waitingFor.get(current);
            if (awaited == null && current.thread == Thread.currentThread()) {
                throw new StateException(key, "Key " + key + " is held by a transaction this thread has suspended"
                        + " (a REQUIRES_NEW call inside a transaction that wrote the key): it would wait for itself");
            }
            Entry entry = awaited == null ? null : entries.get(awaited);
            current = entry == null ? null : entry.owner;
        }
    }
}
