package org.statekeeper.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import java.util.Optional;
import org.statekeeper.StateConflictException;
import org.statekeeper.StateManager;
import org.statekeeper.Versioned;

/**
 * The console's changes, each in a transaction of its own and each conditional on the version the
 * operator was shown, so an edit never silently overwrites a change made since. They are logged like
 * any other change, with the operator as principal.
 */
@ApplicationScoped
public class AdminOperations {

    @Inject
    StateManager state;

    /**
     * Returns the key's current value as JSON with its version, or empty when it holds none.
     *
     * @param key the key
     * @return the value and version
     */
    public Optional<Versioned<JsonValue>> read(String key) {
        return state.getVersioned(key, JsonValue.class);
    }

    /**
     * Sets the key to {@code value} if it is at {@code version} (0: absent) and returns the new version.
     *
     * @param key the key
     * @param version the version the operator saw
     * @param value the new value
     * @return the new version
     * @throws StateConflictException when the key is at another version now
     */
    @Transactional
    public long set(String key, long version, JsonValue value) {
        return state.compareAndSet(key, version, value);
    }

    /**
     * Deletes the key if it is at {@code version}.
     *
     * @param key the key
     * @param version the version the operator saw
     * @throws StateConflictException when the key is at another version now, or absent
     */
    @Transactional
    public void delete(String key, long version) {
        // update locks the key first; the read inside then sees the locked head's version.
        state.update(key, JsonValue.class, current -> {
            long now = state.getVersioned(key, JsonValue.class).map(Versioned::version).orElse(0L);
            if (current == null || now != version) {
                throw new StateConflictException(key, version, now);
            }
            return null;
        });
    }
}
