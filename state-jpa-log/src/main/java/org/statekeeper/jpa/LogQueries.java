package org.statekeeper.jpa;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.statekeeper.KeyInfo;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.LoggedChange;
import org.statekeeper.spi.NodeMark;

/** The log's queries that lock nothing: bulk reads of heads, audit reads of events, retention deletes. */
final class LogQueries {

    /**
     * Bulk reads (rebuild, catch-up) select columns, not entities: the provider then keeps no managed
     * copy and no snapshot of each of the many rows, which it would dirty-check at commit.
     */
    private static final String HEAD_COLUMNS =
            "SELECT h.key, h.version, h.json, h.timeMicros, h.expiresMicros FROM StateHeadEntity h";

    /** The head columns with the writer, taken from the event at the head's version. */
    private static final String KEY_COLUMNS = "SELECT h.key, h.version, h.json, h.timeMicros, h.expiresMicros,"
            + " e.principal, e.nodeId FROM StateHeadEntity h, StateEventEntity e";
    /**
     * Head#live's rule and a literal prefix, in JPQL. The escape character is not the backslash that
     * MariaDB, PostgreSQL and H2 default to: in the SQL text's literal a backslash is itself an escape on
     * MariaDB (unless NO_BACKSLASH_ESCAPES), so no one spelling of it would work everywhere.
     */
    private static final String LIVE_UNDER_PREFIX = "e.key = h.key AND e.version = h.version AND h.version > 0"
            + " AND h.json IS NOT NULL AND (h.expiresMicros IS NULL OR h.expiresMicros > :now)"
            + " AND h.key LIKE :prefix ESCAPE '" + LikePattern.ESCAPE + "'";

    private final Supplier<EntityManager> entityManager;

    LogQueries(Supplier<EntityManager> entityManager) {
        this.entityManager = entityManager;
    }

    long countHeads() {
        return entityManager.get()
                .createQuery("SELECT COUNT(h) FROM StateHeadEntity h WHERE h.version > 0", Long.class)
                .getSingleResult();
    }

    List<Head> heads(String afterKey, int limit) {
        return headsWhere("h.version > 0", Map.of(), afterKey, limit);
    }

    List<Head> headsChangedSince(Instant since, String afterKey, int limit) {
        return headsWhere("h.version > 0 AND h.timeMicros >= :since", Map.of("since", Micros.of(since)), afterKey, limit);
    }

    List<Head> headsWrittenBy(String node, Instant since, String afterKey, int limit) {
        return headsWhere("h.node = :node AND h.timeMicros >= :since AND h.version > 0",
                Map.of("node", node, "since", Micros.of(since)), afterKey, limit);
    }

    /**
     * The values are loaded and measured here, not by the database: JPQL's LENGTH counts characters, not
     * UTF-8 bytes, and no portable function counts bytes (nor applies to every database's large text types).
     */
    List<KeyInfo> keys(String prefix, String afterKey, Instant now, int limit) {
        List<Object[]> rows = headColumnsWhere(KEY_COLUMNS, LIVE_UNDER_PREFIX,
                Map.of("now", Micros.of(now), "prefix", LikePattern.startingWith(prefix)), afterKey, limit);
        List<Head> heads = toHeads(rows);
        List<KeyInfo> keys = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            keys.add(heads.get(i).keyInfo((String) rows.get(i)[5], (String) rows.get(i)[6]));
        }
        return keys;
    }

    /** One page of the heads matching {@code where}, keys after {@code afterKey} (null: from the start), in key order. */
    private List<Head> headsWhere(String where, Map<String, Object> parameters, String afterKey, int limit) {
        return toHeads(headColumnsWhere(HEAD_COLUMNS, where, parameters, afterKey, limit));
    }

    /** The rows of {@code select} (head columns first, as {@link #HEAD_COLUMNS}) matching {@code where}, one page in key order. */
    private List<Object[]> headColumnsWhere(String select, String where, Map<String, Object> parameters,
            String afterKey, int limit) {
        EntityManager em = entityManager.get();
        var query = afterKey == null
                ? em.createQuery(select + " WHERE " + where + " ORDER BY h.key", Object[].class)
                : em.createQuery(select + " WHERE " + where + " AND h.key > :after ORDER BY h.key", Object[].class)
                        .setParameter("after", afterKey);
        parameters.forEach(query::setParameter);
        return query.setMaxResults(limit).getResultList();
    }

    List<NodeMark> nodeMarks() {
        return entityManager.get()
                .createQuery("SELECT n FROM StateNodeEntity n ORDER BY n.node", StateNodeEntity.class)
                .getResultList().stream().map(StateNodeEntity::toMark).toList();
    }

    /**
     * Only a node writes its own row. Read first, without a lock, then update the row found or insert it: an
     * UPDATE that matches no row would lock the gap where the row would go on InnoDB (REPEATABLE READ), and
     * two nodes' first marks would then deadlock on each other's inserts.
     */
    void markNode(NodeMark mark) {
        EntityManager em = entityManager.get();
        if (em.find(StateNodeEntity.class, mark.node()) == null) {
            em.persist(StateNodeEntity.of(mark));
            em.flush();
            return;
        }
        em.createQuery("UPDATE StateNodeEntity n SET n.beat = :beat, n.endedMicros = :ended,"
                        + " n.appliedMicros = :applied, n.unapplied = :unapplied WHERE n.node = :node")
                .setParameter("beat", mark.beat())
                .setParameter("ended", Micros.of(mark.ended()))
                .setParameter("applied", Micros.of(mark.applied()))
                .setParameter("unapplied", mark.unapplied())
                .setParameter("node", mark.node())
                .executeUpdate();
    }

    void forgetNode(String node, long beat) {
        entityManager.get().createQuery("DELETE FROM StateNodeEntity n WHERE n.node = :node AND n.beat = :beat")
                .setParameter("node", node).setParameter("beat", beat).executeUpdate();
    }

    private static List<Head> toHeads(List<Object[]> rows) {
        List<Head> heads = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Long time = (Long) row[3];
            Long expires = (Long) row[4];
            heads.add(new Head((String) row[0], ((Number) row[1]).longValue(), (String) row[2],
                    time == null ? null : Micros.toInstant(time), expires == null ? null : Micros.toInstant(expires)));
        }
        return heads;
    }

    List<Head> expired(Instant now, int limit) {
        return entityManager.get()
                .createQuery("SELECT h FROM StateHeadEntity h WHERE h.expiresMicros <= :now AND h.json IS NOT NULL"
                        + " ORDER BY h.expiresMicros", StateHeadEntity.class)
                .setParameter("now", Micros.of(now))
                .setMaxResults(limit)
                .getResultList().stream().map(StateHeadEntity::toHead).toList();
    }

    List<LoggedChange> eventsAfter(long sequence, int limit) {
        return entityManager.get()
                .createQuery("SELECT e FROM StateEventEntity e WHERE e.sequence > :after ORDER BY e.sequence",
                        StateEventEntity.class)
                .setParameter("after", sequence)
                .setMaxResults(limit)
                .getResultList().stream().map(StateEventEntity::toChange).toList();
    }

    List<LoggedChange> history(String key, int offset, int limit) {
        return entityManager.get()
                .createQuery("SELECT e FROM StateEventEntity e WHERE e.key = :key ORDER BY e.sequence DESC",
                        StateEventEntity.class)
                .setParameter("key", key)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList().stream().map(StateEventEntity::toChange).toList();
    }

    /**
     * A join of each head row with its key's events above it: one index range per head row (the events'
     * unique key is (key, version)), empty for every key whose head is current. Newest first per key, so
     * the first event of each key is the one its head must move to.
     */
    List<LoggedChange> headsBehind(String afterKey, int limit) {
        EntityManager em = entityManager.get();
        String behind = "SELECT e FROM StateEventEntity e, StateHeadEntity h WHERE h.key = e.key AND e.version > h.version";
        var query = afterKey == null
                ? em.createQuery(behind + " ORDER BY e.key, e.version DESC", StateEventEntity.class)
                : em.createQuery(behind + " AND e.key > :after ORDER BY e.key, e.version DESC", StateEventEntity.class)
                        .setParameter("after", afterKey);
        Map<String, LoggedChange> newest = new LinkedHashMap<>();
        for (StateEventEntity event : query.setMaxResults(limit).getResultList()) {
            newest.putIfAbsent(event.toChange().key(), event.toChange());
        }
        return List.copyOf(newest.values());
    }

    List<LoggedChange> eventsSince(Instant from, int limit) {
        return entityManager.get()
                .createQuery("SELECT e FROM StateEventEntity e WHERE e.timeMicros >= :from ORDER BY e.sequence",
                        StateEventEntity.class)
                // Rounded up: events are stamped in microseconds, and one before a sub-microsecond "from" is not after it.
                .setParameter("from", Micros.ceil(from))
                .setMaxResults(limit)
                .getResultList().stream().map(StateEventEntity::toChange).toList();
    }

    List<LoggedChange> byPrincipal(String principal, int offset, int limit) {
        return entityManager.get()
                .createQuery("SELECT e FROM StateEventEntity e WHERE e.principal = :principal ORDER BY e.sequence DESC",
                        StateEventEntity.class)
                // Stored principals are cut to the column's width; a longer name is looked up the same way.
                .setParameter("principal", StateEventEntity.truncate(principal, StateEventEntity.PRINCIPAL_LENGTH))
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList().stream().map(StateEventEntity::toChange).toList();
    }

    List<Long> deleteEventsBefore(Instant cutoff, long afterSequence, int limit) {
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
        for (int from = 0; from < sequences.size(); from += JpaEventLog.IN_LIST_CHUNK) {
            em.createQuery("DELETE FROM StateEventEntity e WHERE e.sequence IN :sequences")
                    .setParameter("sequences", sequences.subList(from, Math.min(sequences.size(), from + JpaEventLog.IN_LIST_CHUNK)))
                    .executeUpdate();
        }
        return sequences;
    }

    List<Head> deletedBefore(Instant cutoff, String afterKey, int limit) {
        EntityManager em = entityManager.get();
        String deleted = "SELECT h FROM StateHeadEntity h WHERE h.version > 0 AND h.json IS NULL AND h.timeMicros < :cutoff";
        var query = afterKey == null
                ? em.createQuery(deleted + " ORDER BY h.key", StateHeadEntity.class)
                : em.createQuery(deleted + " AND h.key > :after ORDER BY h.key", StateHeadEntity.class)
                        .setParameter("after", afterKey);
        return query.setParameter("cutoff", Micros.of(cutoff)).setMaxResults(limit).getResultList().stream()
                .map(StateHeadEntity::toHead).toList();
    }
}
