package org.statekeeper.it;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.statekeeper.StateChanged;

/** Remembers every StateChanged the application observes, as a user's observer would see them. */
@ApplicationScoped
public class ChangeRecorder {

    private final ConcurrentLinkedQueue<StateChanged> seen = new ConcurrentLinkedQueue<>();

    void record(@Observes StateChanged change) {
        seen.add(change);
    }

    public List<StateChanged> of(String key) {
        return seen.stream().filter(c -> c.key().equals(key)).toList();
    }
}
