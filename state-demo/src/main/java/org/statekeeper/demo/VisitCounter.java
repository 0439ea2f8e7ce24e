package org.statekeeper.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.statekeeper.StateManager;

/**
 * Counts page visits in one durable key.
 *
 * <p>{@link StateManager#update} is an atomic read-modify-write, so concurrent visitors (on any
 * node) never lose an increment, and the count survives a restart because it lives in the log.
 */
@ApplicationScoped
public class VisitCounter {

    /** The key holding the count. */
    public static final String KEY = "demo:visits";

    @Inject
    StateManager state;

    /**
     * Counts one more visit.
     *
     * @return the count including this visit
     */
    public long increment() {
        return state.update(KEY, Long.class, n -> n == null ? 1L : n + 1);
    }

    /**
     * Returns the count without changing it.
     *
     * @return the number of visits so far, 0 before the first
     */
    public long current() {
        return state.get(KEY, Long.class, 0L);
    }
}
