package org.statekeeper.it;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.statekeeper.StateManager;

/** A stateless EJB using the injected manager inside container-managed transactions. */
@Stateless
public class StateEjb {

    @Inject
    StateManager state;

    @Resource
    SessionContext context;

    public long set(String key, Object value) {
        return state.set(key, value);
    }

    public void setThenFail(String key, Object value) {
        state.set(key, value);
        throw new IllegalStateException("business failure after the state change");
    }

    public void setThenMarkRollbackOnly(String key, Object value) {
        state.set(key, value);
        context.setRollbackOnly();
    }

    public long increment(String key) {
        return state.update(key, Long.class, n -> n == null ? 1L : n + 1);
    }
}
