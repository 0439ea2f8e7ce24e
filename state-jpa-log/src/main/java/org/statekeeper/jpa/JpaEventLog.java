package org.statekeeper.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.statekeeper.StateException;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.LoggedChange;
import org.statekeeper.spi.Transactions;

/**
 * The event log on any Jakarta Persistence provider. Writers of a key are serialised by a
 * pessimistic lock on its head row, so a blind write never fails because another one won.
 *
 * <p>Changes are not flushed one by one: the provider writes the event inserts and head updates of
 * one engine call when the engine calls {@link #flush()} (or earlier, before a query of the log's
 * tables), so that many of them can go to the database in JDBC batches. A key locked once in a
 * transaction is not locked again: its managed head row already holds the transaction's changes,
 * which a second locking read could replace with the database's older row (EclipseLink refreshes).
 */
public final class JpaEventLog implements EventLog {

    private static final System.Logger LOG = System.getLogger(JpaEventLog.class.getName());

    /** The most values in one IN list: what any database accepts (Oracle: 1000). */
    static final int IN_LIST_CHUNK = 500;

    /** Moves a head row held at an expected version that has not expired; 0 rows when it is not so. */
    private static final String MOVE_HEAD_IF_AT = "UPDATE StateHeadEntity h SET h.version = :version, h.json = :json,"
            + " h.timeMicros = :time, h.expiresMicros = :expires WHERE h.key = :key AND h.version = :expected"
            + " AND (h.expiresMicros IS NULL OR h.expiresMicros > :now)";

    /** Bounds the memory of {@link #knownVersions}; past it the map starts again empty. */
    private static final int KNOWN_LIMIT = 100_000;

    /**
     * The newest version this node has seen committed per key (locked or written). A hint only: a
     * blind write tries it with a conditional UPDATE whose WHERE checks it, so a stale entry costs one
     * round trip and never a wrong version. A key in here also has a head row: rows are only removed
     * by retention (long after a key's deletion), so for these keys the existence check, one round
     * trip per write, is skipped; should the row be gone after all, {@link #lock} re-creates it in
     * the caller's transaction.
     */
    private final Map<String, Long> knownVersions = new ConcurrentHashMap<>();
    /** The transaction resource under which the heads locked in that transaction are kept. */
    private final Object heldKey = new Object();
    private final Supplier<EntityManager> entityManager;
    private final Transactions transactions;
    private final LogQueries queries;

    /**
     * Creates a log.
     *
     * @param entityManager supplies the entity manager bound to the current transaction
     * @param transactions used to create a new key's head row in a transaction of its own
     */
    public JpaEventLog(Supplier<EntityManager> entityManager, Transactions transactions) {
        this.entityManager = entityManager;
        this.transactions = transactions;
        this.queries = new LogQueries(entityManager);
    }

    /**
     * Locks the key's head row, creating it first when missing. Existence is checked without a lock:
     * on InnoDB (MariaDB, MySQL) under REPEATABLE READ, their default, a locking read that finds no
     * row locks the gap where it would be, and the insert of {@link #createHeadRow} on another
     * connection would then wait for this transaction until the lock wait timed out.
     */
    @Override
    public Head lock(String key) {
        HeldHeads held = held();
        Head current = held.head(key);
        if (current != null) {
            return current;
        }
        EntityManager em = entityManager.get();
        if (!knownVersions.containsKey(key) && !headRowExists(em, key)) {
            createHeadRow(key);
        }
        StateHeadEntity head = em.find(StateHeadEntity.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (head == null) {
            // Retention removed the row between the check and the lock (this read waited for
            // retention's lock). On InnoDB this read now holds the gap lock, so only an insert in this
            // transaction cannot wait for itself. Should a second writer re-create the same key at
            // that moment, one of the two fails (duplicate key, or a deadlock on InnoDB).
            head = StateHeadEntity.placeholder(key);
            em.persist(head);
            em.flush();
        }
        held.lockedEntity(key, head);
        Head locked = head.toHead();
        know(key, locked.version());
        return locked;
    }

    /**
     * Locks the keys not yet held in this transaction with one locking query per few hundred keys,
     * in key order, after creating the head rows that are missing (in one short transaction of their
     * own, or one per key when a concurrent first writer races it).
     */
    @Override
    public Map<String, Head> lockAll(Collection<String> keys) {
        HeldHeads held = held();
        List<String> wanted = keys.stream().filter(k -> !held.contains(k)).sorted().toList();
        EntityManager em = entityManager.get();
        List<String> unknown = wanted.stream().filter(k -> !knownVersions.containsKey(k)).toList();
        if (!unknown.isEmpty()) {
            Set<String> existing = new HashSet<>();
            for (List<String> chunk : chunks(unknown)) {
                existing.addAll(em.createQuery("SELECT h.key FROM StateHeadEntity h WHERE h.key IN :keys", String.class)
                        .setParameter("keys", chunk).setFlushMode(FlushModeType.COMMIT).getResultList());
            }
            createHeadRows(unknown.stream().filter(k -> !existing.contains(k)).toList());
        }
        for (List<String> chunk : chunks(wanted)) {
            List<StateHeadEntity> rows = em.createQuery(
                            "SELECT h FROM StateHeadEntity h WHERE h.key IN :keys ORDER BY h.key", StateHeadEntity.class)
                    .setParameter("keys", chunk)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .getResultList();
            for (StateHeadEntity row : rows) {
                held.lockedEntity(row.key(), row);
                know(row.key(), row.toHead().version());
            }
        }
        Map<String, Head> heads = new LinkedHashMap<>();
        for (String key : keys) {
            // Not held now only if retention removed the row meanwhile: the single lock re-creates it.
            heads.put(key, held.contains(key) ? held.head(key) : lock(key));
        }
        return heads;
    }

    private static List<List<String>> chunks(List<String> keys) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += IN_LIST_CHUNK) {
            chunks.add(keys.subList(from, Math.min(keys.size(), from + IN_LIST_CHUNK)));
        }
        return chunks;
    }

    private void createHeadRows(List<String> missing) {
        if (missing.isEmpty()) {
            return;
        }
        try {
            transactions.requiresNew(() -> {
                EntityManager em = entityManager.get();
                for (String key : missing) {
                    em.persist(StateHeadEntity.placeholder(key));
                }
                em.flush();
                return null;
            });
        } catch (RuntimeException raced) {
            LOG.log(Level.DEBUG, "Head rows of new keys were created concurrently: {0}", raced.toString());
            missing.forEach(this::createHeadRow);
        }
    }

    /**
     * One conditional UPDATE, at the version this node last saw, both locks the row and moves it:
     * a blind write then costs no locking read. Its WHERE re-checks version and expiry on the row
     * as it is once locked, so a write by another node since, or an expired value, makes it change
     * nothing and the caller takes the locking path.
     */
    @Override
    public long appendUnread(LoggedChange change, Instant now) {
        HeldHeads held = held();
        Long known = knownVersions.get(change.key());
        if (known == null || held.contains(change.key())) {
            return 0;
        }
        LoggedChange at = change.withVersion(known + 1);
        if (moveHead(at, known, Micros.of(now)) != 1) {
            return 0;
        }
        held.moved(at);
        persistEvent(held, at);
        return at.version();
    }

    private int moveHead(LoggedChange change, long expected, long now) {
        return entityManager.get().createQuery(MOVE_HEAD_IF_AT)
                .setParameter("version", change.version())
                .setParameter("json", change.json())
                .setParameter("time", Micros.of(change.time()))
                .setParameter("expires", change.expiresAt() == null ? null : Micros.of(change.expiresAt()))
                .setParameter("key", change.key())
                .setParameter("expected", expected)
                .setParameter("now", now)
                .executeUpdate();
    }

    private void know(String key, long version) {
        if (knownVersions.size() >= KNOWN_LIMIT) {
            knownVersions.clear();
        }
        knownVersions.merge(key, version, Math::max);
    }

    private HeldHeads held() {
        HeldHeads held = (HeldHeads) transactions.getResource(heldKey);
        if (held == null) {
            HeldHeads created = new HeldHeads();
            transactions.putResource(heldKey, created);
            // What this transaction wrote is the newest version of its keys once it has committed.
            transactions.onCommit(() -> created.forEachVersion(this::know));
            held = created;
        }
        return held;
    }

    /**
     * A scalar query, so no entity is loaded that the locking find would then not re-read. It does not
     * flush: whether a row exists does not depend on this transaction's pending changes, and a flush
     * here for each new key of a large transaction would cost time growing with its size.
     */
    private static boolean headRowExists(EntityManager em, String key) {
        return em.createQuery("SELECT COUNT(h) FROM StateHeadEntity h WHERE h.key = :key", Long.class)
                .setParameter("key", key)
                .setFlushMode(FlushModeType.COMMIT)
                .getSingleResult() > 0;
    }

    /**
     * A new key's row is inserted and committed on its own, so that concurrent first writers can all
     * lock the same row instead of one of them failing on a duplicate insert in the caller's
     * transaction (which would doom it).
     */
    private void createHeadRow(String key) {
        try {
            transactions.requiresNew(() -> {
                EntityManager em = entityManager.get();
                em.persist(StateHeadEntity.placeholder(key));
                em.flush();
                return null;
            });
        } catch (RuntimeException raced) {
            LOG.log(Level.DEBUG, "Head row of a new key was created concurrently: {0}", raced.toString());
        }
    }

    @Override
    public Optional<Head> head(String key) {
        StateHeadEntity head = entityManager.get().find(StateHeadEntity.class, key);
        return head == null ? Optional.empty() : Optional.of(head.toHead()).filter(h -> h.version() > 0);
    }

    @Override
    public void append(LoggedChange change) {
        HeldHeads held = held();
        if (!held.contains(change.key())) {
            throw new StateException(change.key(), "append called without lock() on key " + change.key()
                    + " in this transaction");
        }
        StateHeadEntity entity = held.entity(change.key());
        if (entity != null) {
            entity.moveTo(change);
        } else {
            // Held by a bulk UPDATE, so no managed entity of the row exists: moved the same way. The
            // lock is held, so the version is as expected; the expiry was dealt with by the caller.
            if (moveHead(change, held.head(change.key()).version(), Long.MIN_VALUE) != 1) {
                throw new StateException(change.key(), "The head row of key " + change.key()
                        + " changed although this transaction holds its lock");
            }
            held.moved(change);
        }
        persistEvent(held, change);
    }

    /**
     * A second event of one key is persisted only once the first has been sent: a provider may insert
     * one flush's new rows in any order (EclipseLink does), and the database numbers them as inserted,
     * while a key's events must be numbered in version order.
     */
    private void persistEvent(HeldHeads held, LoggedChange change) {
        if (held.hasUnflushedEvent(change.key())) {
            flush();
        }
        StateEventEntity event = new StateEventEntity(change);
        entityManager.get().persist(event);
        held.persisted(change.key(), event);
    }

    /**
     * Flushes, then detaches the events just written: they never change again, and a persistence
     * context that kept every event of a long transaction would be dirty-checked whole at each flush.
     */
    @Override
    public void flush() {
        EntityManager em = entityManager.get();
        em.flush();
        HeldHeads held = (HeldHeads) transactions.getResource(heldKey);
        if (held != null) {
            for (StateEventEntity event : held.takeUnflushed()) {
                em.detach(event);
            }
        }
    }

    @Override
    public long countHeads() {
        return queries.countHeads();
    }

    @Override
    public List<Head> heads(String afterKey, int limit) {
        return queries.heads(afterKey, limit);
    }

    @Override
    public List<Head> headsChangedSince(Instant since, String afterKey, int limit) {
        return queries.headsChangedSince(since, afterKey, limit);
    }

    @Override
    public List<Head> expired(Instant now, int limit) {
        return queries.expired(now, limit);
    }

    @Override
    public List<LoggedChange> eventsAfter(long sequence, int limit) {
        return queries.eventsAfter(sequence, limit);
    }

    @Override
    public List<LoggedChange> history(String key, int offset, int limit) {
        return queries.history(key, offset, limit);
    }

    @Override
    public List<LoggedChange> eventsSince(Instant from, int limit) {
        return queries.eventsSince(from, limit);
    }

    @Override
    public List<LoggedChange> byPrincipal(String principal, int offset, int limit) {
        return queries.byPrincipal(principal, offset, limit);
    }

    @Override
    public List<Long> deleteEventsBefore(Instant cutoff, long afterSequence, int limit) {
        return queries.deleteEventsBefore(cutoff, afterSequence, limit);
    }

    @Override
    public List<Head> deletedBefore(Instant cutoff, String afterKey, int limit) {
        return queries.deletedBefore(cutoff, afterKey, limit);
    }

    @Override
    public int removeDeletedKey(String key) {
        knownVersions.remove(key);
        held().remove(key);
        EntityManager em = entityManager.get();
        StateHeadEntity head = em.find(StateHeadEntity.class, key);
        if (head != null && head.toHead().present()) {
            throw new StateException(key, "Key " + key + " has a value: a live key's head row is never removed");
        }
        int events = em.createQuery("DELETE FROM StateEventEntity e WHERE e.key = :key")
                .setParameter("key", key)
                .executeUpdate();
        if (head != null) {
            em.remove(head);
        }
        em.flush();
        return events;
    }
}
