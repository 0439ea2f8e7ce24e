package org.statekeeper.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.statekeeper.KeyInfo;
import org.statekeeper.StateException;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.LoggedChange;
import org.statekeeper.spi.Transactions;

/**
 * The event log on any Jakarta Persistence provider. Writers of a key are serialised by a
 * pessimistic lock on its head row, so a blind write never fails because another one won; on this
 * node they queue for the key first ({@link KeyLocks}), so they never wait for each other inside the
 * database, whose lock waits may time out (H2: after 2 s) or misbehave.
 *
 * <p>Changes are not flushed one by one: the provider writes the event inserts and head updates of
 * one engine call when the engine calls {@link #flush()} (or earlier, before a query of the log's
 * tables), so that many of them can go to the database in JDBC batches. A key locked once in a
 * transaction is not locked again: its managed head row already holds the transaction's changes,
 * which a second locking read could replace with the database's older row (EclipseLink refreshes).
 */
public final class JpaEventLog implements EventLog {

    /** The most values in one IN list: what any database accepts (Oracle: 1000). */
    static final int IN_LIST_CHUNK = 500;

    /**
     * Moves a head row held at an expected version that has not expired (Head#live's rule, in JPQL: an
     * expired value must take the locking path, which logs its EXPIRE first); 0 rows when it is not so.
     */
    static final String MOVE_HEAD_IF_AT = "UPDATE StateHeadEntity h SET h.version = :version, h.json = :json,"
            + " h.timeMicros = :time, h.expiresMicros = :expires, h.node = :node WHERE h.key = :key AND h.version = :expected"
            + " AND (h.expiresMicros IS NULL OR h.expiresMicros > :now)";

    private static final String HEAD_OF_KEY = "SELECT h.version, h.json, h.timeMicros, h.expiresMicros"
            + " FROM StateHeadEntity h WHERE h.key = :key";

    /** How long a writer waits for a key held by another transaction of this node before failing. */
    static final Duration WRITER_PATIENCE = Duration.ofMinutes(2);

    /** The known-version hint: what a blind write tries without reading, and which keys surely have a head row. */
    private final KnownVersions knownVersions = new KnownVersions();
    /** The transaction resource under which the heads locked in that transaction are kept. */
    private final Object heldKey = new Object();
    private final Supplier<EntityManager> entityManager;
    private final Transactions transactions;
    private final LogQueries queries;
    private final NewHeadRows newHeadRows;
    /** Head rows created for transactions that left them at version 0, to be removed by the sweep. */
    private final java.util.concurrent.ConcurrentLinkedQueue<String> unused = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** This node's writers of a key, queued before they touch its head row. */
    private final KeyLocks queue = new KeyLocks(WRITER_PATIENCE);

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
        this.newHeadRows = new NewHeadRows(entityManager, transactions);
    }

    /**
     * Locks the key's head row, creating it first when missing; the key is first taken in this node's
     * queue ({@link KeyLocks}). Existence is checked without a lock: on InnoDB (MariaDB, MySQL) under
     * REPEATABLE READ, their default, a locking read that finds no row locks the gap where it would be,
     * and the insert of a new key's row on another connection would then wait for this transaction
     * until the lock wait timed out.
     */
    @Override
    public Head lock(String key) {
        HeldHeads held = held();
        Head current = held.head(key);
        if (current != null) {
            return current;
        }
        queue.acquire(key, held.owner());
        try {
            EntityManager em = entityManager.get();
            if (!knownVersions.knows(key) && newHeadRows.ensure(key)) {
                held.created(List.of(key));
            }
            StateHeadEntity head = em.find(StateHeadEntity.class, key, LockModeType.PESSIMISTIC_WRITE);
            if (head == null) {
                // Retention removed the row between the check and the lock (this read waited for
                // retention's lock). On InnoDB this read now holds the gap lock, so only an insert in this
                // transaction cannot wait for itself. Should a writer on another node re-create the same
                // key at that moment, one of the two fails (duplicate key, or a deadlock on InnoDB).
                head = StateHeadEntity.placeholder(key);
                em.persist(head);
                em.flush();
            }
            held.lockedEntity(key, head);
            Head locked = head.toHead();
            know(key, locked.version());
            return locked;
        } catch (PersistenceException e) {
            throw failed(key, "lock the head row of", e);
        }
    }

    /**
     * Locks the keys not yet held in this transaction with one locking query per few hundred keys,
     * in code point order ({@link KeyOrder}), after taking them in this node's queue in the same order and creating the head rows
     * that are missing.
     */
    @Override
    public Map<String, Head> lockAll(Collection<String> keys) {
        HeldHeads held = held();
        // In the key column's order: then every query locks its rows in the order the chunks are cut in.
        List<String> wanted = keys.stream().filter(k -> !held.contains(k)).sorted(KeyOrder.CODE_POINTS).toList();
        for (String key : wanted) {
            queue.acquire(key, held.owner());
        }
        try {
            EntityManager em = entityManager.get();
            held.created(newHeadRows.ensureAll(wanted.stream().filter(k -> !knownVersions.knows(k)).toList()));
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
        } catch (PersistenceException e) {
            throw failed(wanted.isEmpty() ? null : wanted.get(0), "lock the head rows of " + wanted.size() + " keys from", e);
        }
        Map<String, Head> heads = new LinkedHashMap<>();
        for (String key : keys) {
            // Not held now only if retention removed the row meanwhile: the single lock re-creates it.
            heads.put(key, held.contains(key) ? held.head(key) : lock(key));
        }
        return heads;
    }

    static List<List<String>> chunks(List<String> keys) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += IN_LIST_CHUNK) {
            chunks.add(keys.subList(from, Math.min(keys.size(), from + IN_LIST_CHUNK)));
        }
        return chunks;
    }

    /**
     * One conditional UPDATE, at the version this node last saw, both locks the row and moves it:
     * a blind write then costs no locking read. Its WHERE re-checks version and expiry on the row
     * as it is once locked, so a write by another node since, or an expired value, makes it change
     * nothing and the caller takes the locking path. The key is taken in this node's queue first, so
     * the statement never waits inside the database for a writer of this node.
     */
    @Override
    public long appendUnread(LoggedChange change, Instant now) {
        HeldHeads held = held();
        Optional<Long> known = knownVersions.of(change.key());
        if (known.isEmpty() || held.contains(change.key())) {
            return 0;
        }
        queue.acquire(change.key(), held.owner());
        // Read again: the writer this one queued behind has just made its version known.
        LoggedChange at = change.withVersion(Head.nextVersion(knownVersions.of(change.key()).orElse(known.get())));
        try {
            if (moveHead(at, at.version() - 1, Micros.of(now)) != 1) {
                return 0;
            }
        } catch (PersistenceException e) {
            throw failed(change.key(), "write", e);
        }
        held.moved(at);
        persistEvent(held, at);
        return at.version();
    }

    private int moveHead(LoggedChange change, long expected, long now) {
        return BulkStatements.execute(entityManager.get().createQuery(MOVE_HEAD_IF_AT)
                .setParameter("version", change.version())
                .setParameter("json", change.json())
                .setParameter("time", Micros.of(change.time()))
                .setParameter("node", change.nodeId())
                .setParameter("expires", change.expiresAt() == null ? null : Micros.of(change.expiresAt()))
                .setParameter("key", change.key())
                .setParameter("expected", expected)
                .setParameter("now", now));
    }

    private void know(String key, long version) {
        knownVersions.know(key, version);
    }

    /**
     * Returns this transaction's held heads, creating them (and the actions that end them) first. The
     * actions are registered before the heads are bound, so that no key can be taken in a transaction
     * whose end would not release it (registering fails, for one, in a transaction marked rollback-only).
     */
    private HeldHeads held() {
        HeldHeads held = (HeldHeads) transactions.getResource(heldKey);
        if (held == null) {
            HeldHeads created = new HeldHeads();
            // On commit: what it wrote becomes the newest known version of its keys, and its keys are released.
            // The engine registers its store apply before this and its notifications after it, so the next
            // writer finds the store current and observers may write the keys again.
            boolean[] committed = {false};
            transactions.onCommit(() -> {
                committed[0] = true;
                created.forEachVersion(this::know);
                queue.releaseAll(created.owner());
            });
            // Whatever the outcome (released again after a commit: harmless). Rows created for it and left at
            // version 0 (a rollback, a failed compare-and-set) are removed later, by the periodic sweep.
            transactions.afterCompletion(() -> {
                queue.releaseAll(created.owner());
                unused.addAll(created.unused(committed[0]));
            });
            transactions.putResource(heldKey, created);
            held = created;
        }
        return held;
    }

    /** A database failure, as the exception the API promises: naming the key. */
    private static StateException failed(String key, String action, PersistenceException e) {
        return new StateException(key, "The event log could not " + action + " key " + key + ": " + e.getMessage(), e);
    }

    @Override
    public Optional<Head> heldHead(String key) {
        HeldHeads held = (HeldHeads) transactions.getResource(heldKey);
        return held == null ? Optional.empty() : Optional.ofNullable(held.head(key));
    }

    @Override
    public Optional<Head> head(String key) {
        // A projection, not find(): an entity left managed by a read would be what a later lock() of the key in
        // the same transaction gets back, with its old state (Hibernate does not refresh an entity it already
        // manages when it locks it), so an update or compare-and-set would compute from a superseded version.
        List<Object[]> rows = entityManager.get().createQuery(HEAD_OF_KEY, Object[].class)
                .setParameter("key", key).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        Long time = (Long) row[2];
        Long expires = (Long) row[3];
        return Optional.of(new Head(key, (Long) row[0], (String) row[1], time == null ? null : Micros.toInstant(time),
                expires == null ? null : Micros.toInstant(expires))).filter(h -> h.version() > 0);
    }

    @Override
    public void append(LoggedChange change) {
        HeldHeads held = held();
        moveHeld(held, change);
        persistEvent(held, change);
    }

    @Override
    public void restoreHead(LoggedChange newest) {
        moveHeld(held(), newest);
    }

    /** Moves the head row of a key this transaction holds to {@code change}. */
    private void moveHeld(HeldHeads held, LoggedChange change) {
        if (!held.contains(change.key())) {
            throw new StateException(change.key(), "The head row of key " + change.key()
                    + " was to be moved without lock() in this transaction");
        }
        StateHeadEntity entity = held.entity(change.key());
        if (entity != null) {
            entity.moveTo(change);
            return;
        }
        // Held by a bulk UPDATE, so no managed entity of the row exists: moved the same way. The
        // lock is held, so the version is as expected; the expiry was dealt with by the caller.
        int moved;
        try {
            moved = moveHead(change, held.head(change.key()).version(), Long.MIN_VALUE);
        } catch (PersistenceException e) {
            throw failed(change.key(), "write", e);
        }
        if (moved != 1) {
            throw new StateException(change.key(), "The head row of key " + change.key()
                    + " changed although this transaction holds its lock");
        }
        held.moved(change);
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
        HeldHeads held = (HeldHeads) transactions.getResource(heldKey);
        try {
            em.flush();
        } catch (PersistenceException e) {
            throw failed(held == null ? null : held.firstUnflushedKey(), "write the changes of", e);
        }
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
    public List<KeyInfo> keys(String prefix, String afterKey, Instant now, int limit) {
        return queries.keys(prefix, afterKey, now, limit);
    }

    @Override
    public List<Head> headsChangedSince(Instant since, String afterKey, int limit) {
        return queries.headsChangedSince(since, afterKey, limit);
    }

    /** Removes, in a transaction of its own, the placeholder rows of keys whose transactions wrote nothing. */
    @Override
    public int removeUnusedHeadRows() {
        List<String> keys = new ArrayList<>();
        for (String key; keys.size() < IN_LIST_CHUNK * 4 && (key = unused.poll()) != null; ) {
            keys.add(key);
        }
        if (keys.isEmpty()) {
            return 0;
        }
        keys.forEach(knownVersions::forget);
        return newHeadRows.removePlaceholders(keys);
    }

    @Override
    public List<Head> headsWrittenBy(String node, Instant since, String afterKey, int limit) {
        return queries.headsWrittenBy(node, since, afterKey, limit);
    }

    @Override
    public List<org.statekeeper.spi.NodeMark> nodeMarks() {
        return queries.nodeMarks();
    }

    @Override
    public void markNode(org.statekeeper.spi.NodeMark mark) {
        queries.markNode(mark);
    }

    @Override
    public void forgetNode(String node, long beat) {
        queries.forgetNode(node, beat);
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
    public List<LoggedChange> headsBehind(String afterKey, int limit) {
        return queries.headsBehind(afterKey, limit);
    }

    @Override
    public int removeDeletedKey(String key) {
        knownVersions.forget(key);
        held().remove(key);
        EntityManager em = entityManager.get();
        StateHeadEntity head = em.find(StateHeadEntity.class, key);
        if (head != null && head.toHead().present()) {
            throw new StateException(key, "Key " + key + " has a value: a live key's head row is never removed");
        }
        int events = BulkStatements.execute(em.createQuery("DELETE FROM StateEventEntity e WHERE e.key = :key")
                .setParameter("key", key));
        if (head != null) {
            em.remove(head);
        }
        em.flush();
        return events;
    }
}
