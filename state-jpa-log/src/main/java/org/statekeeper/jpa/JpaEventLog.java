package org.statekeeper.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
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
 */
public final class JpaEventLog implements EventLog {

    private static final System.Logger LOG = System.getLogger(JpaEventLog.class.getName());

    private static final int IN_LIST_CHUNK = 500;

    /** Bounds the memory of {@link #knownHeads}; past it the set starts again empty. */
    private static final int KNOWN_HEADS_LIMIT = 100_000;

    /**
     * Keys whose head row this log has already locked: rows are only removed by retention (long
     * after a key's deletion), so for these keys the existence check, one round trip per write, is
     * skipped; should the row be gone after all, {@link #lock} re-creates it in the caller's transaction.
     */
    private final Set<String> knownHeads = ConcurrentHashMap.newKeySet();
    private final Supplier<EntityManager> entityManager;
    private final Transactions transactions;

    /**
     * Creates a log.
     *
     * @param entityManager supplies the entity manager bound to the current transaction
     * @param transactions used to create a new key's head row in a transaction of its own
     */
    public JpaEventLog(Supplier<EntityManager> entityManager, Transactions transactions) {
        this.entityManager = entityManager;
        this.transactions = transactions;
    }

    /**
     * Locks the key's head row, creating it first when missing. Existence is checked without a lock:
     * on InnoDB (MariaDB, MySQL) under REPEATABLE READ, their default, a locking read that finds no
     * row locks the gap where it would be, and the insert of {@link #createHeadRow} on another
     * connection would then wait for this transaction until the lock wait timed out.
     */
    @Override
    public Head lock(String key) {
        EntityManager em = entityManager.get();
        if (!knownHeads.contains(key) && !headRowExists(em, key)) {
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
        if (knownHeads.size() >= KNOWN_HEADS_LIMIT) {
            knownHeads.clear();
        }
        knownHeads.add(key);
        return head.toHead();
    }

    /** A scalar query, so no entity is loaded that the locking find would then not re-read. */
    private static boolean headRowExists(EntityManager em, String key) {
        return em.createQuery("SELECT COUNT(h) FROM StateHeadEntity h WHERE h.key = :key", Long.class)
                .setParameter("key", key)
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
        EntityManager em = entityManager.get();
        em.persist(new StateEventEntity(change));
        StateHeadEntity head = em.find(StateHeadEntity.class, change.key());
        if (head == null) {
            throw new StateException(change.key(), "append called without lock() on key " + change.key());
        }
        head.moveTo(change);
        // Flushing now surfaces a constraint failure at the call that caused it, and makes a later
        // locking read in this transaction see this change.
        em.flush();
    }

    @Override
    public long countHeads() {
        return entityManager.get()
                .createQuery("SELECT COUNT(h) FROM StateHeadEntity h WHERE h.version > 0", Long.class)
                .getSingleResult();
    }

    @Override
    public List<Head> heads(String afterKey, int limit) {
        EntityManager em = entityManager.get();
        var query = afterKey == null
                ? em.createQuery("SELECT h FROM StateHeadEntity h WHERE h.version > 0 ORDER BY h.key", StateHeadEntity.class)
                : em.createQuery("SELECT h FROM StateHeadEntity h WHERE h.version > 0 AND h.key > :after ORDER BY h.key",
                        StateHeadEntity.class).setParameter("after", afterKey);
        return query.setMaxResults(limit).getResultList().stream().map(StateHeadEntity::toHead).toList();
    }

    @Override
    public List<Head> headsChangedSince(Instant since, String afterKey, int limit) {
        EntityManager em = entityManager.get();
        var query = afterKey == null
                ? em.createQuery("SELECT h FROM StateHeadEntity h WHERE h.version > 0 AND h.timeMicros >= :since"
                        + " ORDER BY h.key", StateHeadEntity.class)
                : em.createQuery("SELECT h FROM StateHeadEntity h WHERE h.version > 0 AND h.timeMicros >= :since"
                        + " AND h.key > :after ORDER BY h.key", StateHeadEntity.class).setParameter("after", afterKey);
        return query.setParameter("since", Micros.of(since)).setMaxResults(limit).getResultList().stream()
                .map(StateHeadEntity::toHead).toList();
    }

    @Override
    public List<Head> expired(Instant now, int limit) {
        return entityManager.get()
                .createQuery("SELECT h FROM StateHeadEntity h WHERE h.expiresMicros <= :now AND h.json IS NOT NULL"
                        + " ORDER BY h.expiresMicros", StateHeadEntity.class)
                .setParameter("now", Micros.of(now))
                .setMaxResults(limit)
                .getResultList().stream().map(StateHeadEntity::toHead).toList();
    }

    @Override
    public List<LoggedChange> eventsAfter(long sequence, int limit) {
        return entityManager.get()
                .createQuery("SELECT e FROM StateEventEntity e WHERE e.sequence > :after ORDER BY e.sequence",
                        StateEventEntity.class)
                .setParameter("after", sequence)
                .setMaxResults(limit)
                .getResultList().stream().map(StateEventEntity::toChange).toList();
    }

    @Override
    public List<LoggedChange> history(String key, int offset, int limit) {
        return entityManager.get()
                .createQuery("SELECT e FROM StateEventEntity e WHERE e.key = :key ORDER BY e.sequence DESC",
                        StateEventEntity.class)
                .setParameter("key", key)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList().stream().map(StateEventEntity::toChange).toList();
    }

    @Override
    public List<LoggedChange> eventsSince(Instant from, int limit) {
        return entityManager.get()
                .createQuery("SELECT e FROM StateEventEntity e WHERE e.timeMicros >= :from ORDER BY e.sequence",
                        StateEventEntity.class)
                .setParameter("from", Micros.of(from))
                .setMaxResults(limit)
                .getResultList().stream().map(StateEventEntity::toChange).toList();
    }

    @Override
    public List<LoggedChange> byPrincipal(String principal, int offset, int limit) {
        return entityManager.get()
                .createQuery("SELECT e FROM StateEventEntity e WHERE e.principal = :principal ORDER BY e.sequence DESC",
                        StateEventEntity.class)
                // Stored principals are cut to the column's width; a longer name is looked up the same way.
                .setParameter("principal", StateEventEntity.truncate(principal, StateEventEntity.PRINCIPAL_LENGTH))
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList().stream().map(StateEventEntity::toChange).toList();
    }

    @Override
    public List<Long> deleteEventsBefore(Instant cutoff, long afterSequence, int limit) {
        EntityManager em = entityManager.get();
        // A key's latest event is the one at its head's version: only events with a newer one go.
        List<Long> sequences = em.createQuery("SELECT e.sequence FROM StateEventEntity e"
                        + " WHERE e.sequence > :after AND e.timeMicros < :cutoff AND EXISTS (SELECT h.key FROM"
                        + " StateHeadEntity h WHERE h.key = e.key AND h.version > e.version) ORDER BY e.sequence", Long.class)
                .setParameter("after", afterSequence)
                .setParameter("cutoff", Micros.of(cutoff))
                .setMaxResults(limit)
                .getResultList();
        // Chunked so that no IN list outgrows what any database accepts (Oracle: 1000).
        for (int from = 0; from < sequences.size(); from += IN_LIST_CHUNK) {
            em.createQuery("DELETE FROM StateEventEntity e WHERE e.sequence IN :sequences")
                    .setParameter("sequences", sequences.subList(from, Math.min(sequences.size(), from + IN_LIST_CHUNK)))
                    .executeUpdate();
        }
        return sequences;
    }

    @Override
    public List<Head> deletedBefore(Instant cutoff, String afterKey, int limit) {
        EntityManager em = entityManager.get();
        String deleted = "SELECT h FROM StateHeadEntity h WHERE h.version > 0 AND h.json IS NULL AND h.timeMicros < :cutoff";
        var query = afterKey == null
                ? em.createQuery(deleted + " ORDER BY h.key", StateHeadEntity.class)
                : em.createQuery(deleted + " AND h.key > :after ORDER BY h.key", StateHeadEntity.class)
                        .setParameter("after", afterKey);
        return query.setParameter("cutoff", Micros.of(cutoff)).setMaxResults(limit).getResultList().stream()
                .map(StateHeadEntity::toHead).toList();
    }

    @Override
    public int removeDeletedKey(String key) {
        knownHeads.remove(key);
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
