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

    void record(@Observes StateChanged change) {
        seen.add(change);
    }

    public List<StateChanged> of(String key) {
        return seen.stream().filter(c -> c.key().equals(key)).toList();
    }
}
