package org.statekeeper.core;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Optional;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.Transactions;

/**
 * Brings pending keys back in line with the log, one key at a time: apart from {@link StoreSync} because
 * telling a store that is behind from one that holds a key's previous life takes the key's lock, and a
 * removed key must not stay pending for ever.
 *
 * @param store the store
 * @param log the log
 * @param transactions runs log reads and the key's lock
 * @param clock tells whether the locked head is still live
 */
record StoreRepair(StateStore store, EventLog log, Transactions transactions, Clock clock) {

    /** Under the synchroniser's name, which logging configurations already know. */
    private static final System.Logger LOG = System.getLogger(StoreSync.class.getName());

    /** Re-applies every pending key's head from the log, and forgets in the store the keys the log removed. */
    void retry(PendingKeys pending) {
        for (String key : pending.keys()) {
            Optional<Head> head = transactions.required(() -> log.head(key));
            if (head.isPresent()) {
                Head h = head.get();
                if (!store.apply(h.key(), h.version(), h.json(), h.expiresAt()) && h.json() != null
                        && !holds(key, h.version())) {
                    replacePreviousLife(key);
                }
                pending.applied(key, h.version());
            } else {
                // The log no longer has the key: retention removed it, deleted, while its change was pending.
                // The store must not keep what it holds of it (a value whose deletion it missed), and the key
                // must not stay pending for ever, which would also stop this node's checkpoints.
                PendingKeys.Pending failed = pending.get(key);
                if (failed != null) {
                    forgetRemoved(key, failed.version());
                    pending.remove(key, failed);
                }
            }
        }
    }

    /** Returns whether the store holds exactly {@code version} of {@code key}. */
    boolean holds(String key, long version) {
        return store.get(key).map(v -> v.version() == version).orElse(false);
    }

    /**
     * The store refused the log's newest version of a live key and does not hold it: either a newer commit
     * landed meanwhile, or the store holds a version of the key's previous life, which the log no longer
     * has. Decided under the key's lock, which no commit of the key can pass: if the log's head is still
     * the version refused, the store is ahead of the log, which only a previous life can be, so what it
     * holds is replaced.
     */
    private void replacePreviousLife(String key) {
        transactions.required(() -> {
            Head locked = log.lock(key);
            if (locked.liveAt(clock.instant()) && !holds(key, locked.version())
                    && !store.apply(key, locked.version(), locked.json(), locked.expiresAt())) {
                // Only if the locked read is the newest committed version: a database can answer a locking read
                // with the row as it was before it waited for the lock (H2 does), and replacing the store's newer
                // version by that would move the key back in time.
                long newest = transactions.requiresNew(() -> log.head(key)).map(Head::version).orElse(0L);
                if (newest != locked.version()) {
                    LOG.log(Level.DEBUG, "Key {0}: the locked read was older than the log''s newest version", key);
                    return null;
                }
                LOG.log(Level.WARNING, "SK0108 Statekeeper store held a version of key {0} that its log no longer has"
                        + " (from before the key was removed): replaced by the log''s", key);
                try {
                    store.forget(key, Long.MAX_VALUE);
                } catch (UnsupportedOperationException cannot) {
                    return null; // such a store keeps deleted keys' versions growing: no previous life to meet
                }
                store.apply(key, locked.version(), locked.json(), locked.expiresAt());
            }
            return null;
        });
    }

    private void forgetRemoved(String key, long deletedVersion) {
        try {
            store.forget(key, deletedVersion);
        } catch (UnsupportedOperationException cannot) {
            store.delete(key, deletedVersion);
        }
    }
}
