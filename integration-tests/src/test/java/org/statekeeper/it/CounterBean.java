package org.statekeeper.it;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.statekeeper.StateManager;

/** A plain CDI bean without transactions of its own: the manager starts one per call. */
@ApplicationScoped
public class CounterBean {

    @Inject
    StateManager state;

    public long increment(String key) {
        return state.update(key, Long.class, n -> n == null ? 1L : n + 1);
    }
}
