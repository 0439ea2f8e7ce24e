package org.statekeeper.it.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.statekeeper.StateChanged;

/** Every StateChanged this application observed, local or remote, for tests outside the server. */
@ApplicationScoped
public class ObservedChanges {

    private final ConcurrentLinkedQueue<StateChanged> seen = new ConcurrentLinkedQueue<>();

    /** Keys whose local changes make an observer of this application throw. */
    public static final String FAILING_OBSERVER_PREFIX = "observer-throws-";

    void record(@Observes StateChanged change) {
        seen.add(change);
    }

    /** An application observer that fails: it must not keep the other nodes from hearing of the change. */
    void failOnPurpose(@Observes StateChanged change) {
        if (change.key().startsWith(FAILING_OBSERVER_PREFIX) && !change.remote()) {
            throw new IllegalStateException("an observer failing on purpose for " + change.key());
        }
    }

    public List<StateChanged> of(String key) {
        return seen.stream().filter(c -> c.key().equals(key)).toList();
    }
}
