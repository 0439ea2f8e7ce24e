package org.statekeeper.it;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.statekeeper.StateChanged;
import org.statekeeper.StateManager;
import org.statekeeper.Versioned;

/**
 * Remembers every StateChanged the application observes, as a user's observer would see them, and for
 * keys holding {@code observed}, the version this node read for the key while observing (0: absent).
 */
@ApplicationScoped
public class ChangeRecorder {

    private final ConcurrentLinkedQueue<StateChanged> seen = new ConcurrentLinkedQueue<>();
    private final Map<String, ConcurrentLinkedQueue<Long>> readWhileObserving = new ConcurrentHashMap<>();

    @Inject
    StateManager state;

    void record(@Observes StateChanged change) {
        if (change.key().contains("observed")) {
            long read = state.getVersioned(change.key(), Object.class).map(Versioned::version).orElse(0L);
            readWhileObserving.computeIfAbsent(change.key(), k -> new ConcurrentLinkedQueue<>()).add(read);
        }
        seen.add(change);
    }

    public List<StateChanged> of(String key) {
        return seen.stream().filter(c -> c.key().equals(key)).toList();
    }

    /** The versions read for {@code key} by the observer, one per change observed. */
    public List<Long> readWhileObserving(String key) {
        return List.copyOf(readWhileObserving.getOrDefault(key, new ConcurrentLinkedQueue<>()));
    }
}
