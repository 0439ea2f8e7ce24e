package org.statekeeper.it.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.statekeeper.StateManager;

/** Sets a key in a transaction that stays open a while after the write, as a long business transaction does. */
@ApplicationScoped
public class HeldTransaction {

    private static final System.Logger LOG = System.getLogger(HeldTransaction.class.getName());

    @Inject
    StateManager state;

    /** Sets {@code key} to {@code value}, waits {@code millis}, then commits; returns the version written. */
    @Transactional
    public long set(String key, String value, long millis) {
        long version = state.set(key, value);
        // What a test waits for before it acts during the hold.
        LOG.log(System.Logger.Level.INFO, "Holding the transaction that set {0} for {1} ms", key, Long.toString(millis));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return version;
    }
}
