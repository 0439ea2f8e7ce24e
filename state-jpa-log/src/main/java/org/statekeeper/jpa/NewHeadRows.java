package org.statekeeper.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.statekeeper.StateException;
import org.statekeeper.spi.Transactions;

/**
 * Creates the head rows of new keys. A new key's row is inserted and committed in a short transaction
 * of its own, so that concurrent first writers (on other nodes) can all lock the same row instead of
 * one of them failing on a duplicate insert in the caller's transaction, which would doom it. Losing
 * that race is not an error: the row exists, which is all that was wanted; the check is made again in
 * a fresh transaction, because a database that reads from a snapshot (InnoDB's REPEATABLE READ) would
 * not show the caller's transaction a row committed after it began.
 */
final class NewHeadRows {

    private static final System.Logger LOG = System.getLogger(NewHeadRows.class.getName());
    /** Each failed attempt means another transaction created the row meanwhile; a few cover any race. */
    static final int ATTEMPTS = 5;

    private final Supplier<EntityManager> entityManager;
    private final Transactions transactions;

    NewHeadRows(Supplier<EntityManager> entityManager, Transactions transactions) {
        this.entityManager = entityManager;
        this.transactions = transactions;
    }

    /** Makes sure {@code key} has a head row, creating it when it has none; returns whether it created it. */
    boolean ensure(String key) {
        if (exists(entityManager.get(), key)) {
            return false;
        }
        for (int attempt = 1;; attempt++) {
            try {
                return transactions.requiresNew(() -> {
                    EntityManager em = entityManager.get();
                    if (!exists(em, key)) {
                        em.persist(StateHeadEntity.placeholder(key));
                        em.flush();
                        return true;
                    }
                    return false;
                });
            } catch (RuntimeException raced) {
                if (attempt >= ATTEMPTS) {
                    throw new StateException(key, "Could not create the head row of new key " + key + " in "
                            + ATTEMPTS + " attempts: " + raced, raced);
                }
                LOG.log(Level.DEBUG, "Head row of new key {0} was created concurrently, checking again: {1}", key, raced);
            }
        }
    }

    /**
     * Makes sure every key has a head row: those missing are created together in one transaction, or
     * one by one when a concurrent writer created one of them meanwhile; returns the keys it created.
     */
    List<String> ensureAll(List<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        EntityManager em = entityManager.get();
        Set<String> existing = new HashSet<>();
        for (List<String> chunk : JpaEventLog.chunks(keys)) {
            existing.addAll(em.createQuery("SELECT h.key FROM StateHeadEntity h WHERE h.key IN :keys", String.class)
                    .setParameter("keys", chunk).setFlushMode(FlushModeType.COMMIT).getResultList());
        }
        List<String> missing = keys.stream().filter(k -> !existing.contains(k)).toList();
        if (missing.isEmpty()) {
            return List.of();
        }
        try {
            transactions.requiresNew(() -> {
                EntityManager inner = entityManager.get();
                for (String key : missing) {
                    inner.persist(StateHeadEntity.placeholder(key));
                }
                inner.flush();
                return null;
            });
            return missing;
        } catch (RuntimeException raced) {
            LOG.log(Level.DEBUG, "Head rows of new keys were created concurrently: {0}", raced.toString());
            return missing.stream().filter(this::ensure).toList();
        }
    }

    /**
     * Removes the rows of {@code keys} that are still placeholders (version 0): created for a transaction
     * that then wrote nothing to them. A row another transaction has since written is left alone, and one it
     * holds locked is waited for and then left alone too; a writer that finds the row gone creates it again.
     */
    int removePlaceholders(List<String> keys) {
        return transactions.requiresNew(() -> {
            int removed = 0;
            for (List<String> chunk : JpaEventLog.chunks(keys)) {
                removed += BulkStatements.execute(entityManager.get()
                        .createQuery("DELETE FROM StateHeadEntity h WHERE h.key IN :keys AND h.version = 0")
                        .setParameter("keys", chunk));
            }
            return removed;
        });
    }

    /**
     * A scalar query, so no entity is loaded that a later locking find would then not re-read. It does not
     * flush: whether a row exists does not depend on this transaction's pending changes, and a flush
     * here for each new key of a large transaction would cost time growing with its size.
     */
    private static boolean exists(EntityManager em, String key) {
        return em.createQuery("SELECT COUNT(h) FROM StateHeadEntity h WHERE h.key = :key", Long.class)
                .setParameter("key", key)
                .setFlushMode(FlushModeType.COMMIT)
                .getSingleResult() > 0;
    }
}
