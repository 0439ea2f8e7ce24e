package org.statekeeper.it.principal;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.statekeeper.StateManager;

/** Writes from an EJB, whose caller is the container's EJB caller. */
@Stateless
public class PrincipalWrites {

    @Inject
    StateManager state;

    /** Sets {@code key} in the EJB's own transaction. */
    public void set(String key) {
        state.set(key, "by-ejb");
    }
}
