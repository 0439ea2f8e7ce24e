package org.statekeeper.core;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.statekeeper.core.nearcache.NearCache;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.StateStore;

/**
 * Applies committed changes to the store right after their commit, and marks pending what did not land:
 * apart from {@link StoreSync} because a failing store must cost a commit at most one timeout, and a refusal
 * must be told from a newer version already in place.
 */
final class StoreWrites {

    /** Under the synchroniser's name, which logging configurations already know. */
    private static final System.Logger LOG = System.getLogger(StoreSync.class.getName());

    private final StateStore store;
    /** The store itself when it is a near cache, told which writes are commits; null otherwise. */
    private final NearCache near;
    private final PendingKeys pending;
    private final StoreRepair repair;
    private final BooleanSupplier failing;
    private final Consumer<RuntimeException> failed;

    /**
     * @param failing tells whether the store is known to be failing
     * @param failed told of each failure of the store
     */
    StoreWrites(StateStore store, PendingKeys pending, StoreRepair repair, BooleanSupplier failing,
            Consumer<RuntimeException> failed) {
        this.store = store;
        this.near = store instanceof NearCache cache ? cache : null;
        this.pending = pending;
        this.repair = repair;
        this.failing = failing;
        this.failed = failed;
    }

    /**
     * Applies a change; {@code announced} when it is a commit's, which the change feed announces (other writes
     * tell the other nodes' near caches through the store, see {@link NearCache}).
     */
    void apply(String key, long version, String json, Instant expiresAt, Instant since, boolean announced) {
        if (failing.getAsBoolean()) {
            // The store is known to be failing: calling it would cost the caller a timeout for nothing. The
            // key reads from the log meanwhile, and the next heal, which checks the store first, applies it.
            pending.add(key, version, since);
            return;
        }
        try {
            boolean applied = announced && near != null ? near.applyCommitted(key, version, json, expiresAt)
                    : store.apply(key, version, json, expiresAt);
            if (!applied && json != null && !repair.holds(key, version)) {
                // Refused, and the store does not show this version: it holds a newer one, or a version of the
                // key's previous life (a tombstone put back after retention removed the key). Not trusted for
                // the key until the next heal has sorted it out under the key's lock.
                pending.add(key, version, since);
                return;
            }
            pending.applied(key, version);
        } catch (RuntimeException e) {
            pending.add(key, version, since);
            LOG.log(Level.DEBUG, "Change of a key could not be applied to the store: {0}", e.toString());
            failed.accept(e);
        }
    }

    /** Applies the committed changes of one transaction whose first change came at {@code since}, pipelined. */
    void applyAll(List<TransactionChanges.Change> changes, Instant since) {
        if (changes.size() == 1) {
            TransactionChanges.Change c = changes.get(0);
            apply(c.key(), c.version(), c.json(), c.expiresAt(), since, true);
            return;
        }
        if (failing.getAsBoolean()) {
            changes.forEach(c -> pending.add(c.key(), c.version(), since));
            return;
        }
        List<Head> heads = new ArrayList<>(changes.size());
        for (TransactionChanges.Change c : changes) {
            heads.add(new Head(c.key(), c.version(), c.json(), null, c.expiresAt()));
        }
        try {
            if (near != null) {
                near.applyAllCommitted(heads);
            } else {
                store.applyAll(heads);
            }
            changes.forEach(c -> pending.applied(c.key(), c.version()));
        } catch (RuntimeException e) {
            // At most one store failure per commit: retrying key by key against a store that does not answer
            // would hold the caller one full timeout per key. Every key of the commit reads from the log until
            // the next heal re-applies them (re-applying one that did land is harmless).
            changes.forEach(c -> pending.add(c.key(), c.version(), since));
            LOG.log(Level.DEBUG, "Changes could not be applied to the store: {0}", e.toString());
            failed.accept(e);
        }
    }
}
