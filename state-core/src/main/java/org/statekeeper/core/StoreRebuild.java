package org.statekeeper.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.statekeeper.RecoveryProgress;
import org.statekeeper.RecoveryReport;
import org.statekeeper.spi.StateStore;

/**
 * Clears the store and loads it from the log, one node at a time: apart from {@link StoreSync} because who
 * may rebuild is settled by a lease in the store and a flag in this node, and a rebuild that outlives its
 * lease must stop rather than mark the store complete.
 */
final class StoreRebuild {

    /** Under the synchroniser's name, which logging configurations already know. */
    private static final System.Logger LOG = System.getLogger(StoreSync.class.getName());
    private static final String LOCK = "rebuild";

    private final StateStore store;
    private final StoreLoader loader;
    private final Duration lease;
    private final String owner = UUID.randomUUID().toString();
    private final AtomicBoolean rebuilding = new AtomicBoolean();

    StoreRebuild(StateStore store, StoreLoader loader, Duration lease) {
        this.store = store;
        this.loader = loader;
        this.lease = lease;
    }

    /**
     * Rebuilds the store under its lock and runs {@code loaded} before letting go of it; empty when another
     * node, or another thread of this one, is rebuilding, or the lock was lost on the way; {@code progress}
     * is told how far the load is.
     */
    Optional<RecoveryReport> run(Runnable loaded, RecoveryProgress progress) {
        // The store lock keeps other nodes out; this flag keeps this node's own threads (an operator's
        // call and the scheduled heal) from rebuilding at the same time under the same owner.
        if (!rebuilding.compareAndSet(false, true)) {
            return Optional.empty();
        }
        try {
            if (!store.tryLock(LOCK, owner, lease)) {
                return Optional.empty();
            }
            try {
                // Renewed page by page: a rebuild longer than the lease must not let another node in to clear
                // the store under it, and one that lost the lock anyway stops without marking the store complete.
                RecoveryReport report = loader.rebuild(() -> store.tryLock(LOCK, owner, lease), progress);
                loaded.run();
                return Optional.of(report);
            } catch (StoreLoader.LockLostException e) {
                LOG.log(Level.WARNING, "SK0109 Statekeeper rebuild stopped: " + e.getMessage());
                return Optional.empty();
            } finally {
                store.unlock(LOCK, owner);
            }
        } finally {
            rebuilding.set(false);
        }
    }
}
