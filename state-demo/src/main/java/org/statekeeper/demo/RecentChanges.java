package org.statekeeper.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.statekeeper.ChangeType;
import org.statekeeper.StateChanged;

/**
 * The last {@value #CAPACITY} committed changes seen by this node, newest first.
 *
 * <p>Fed by the {@link StateChanged} event, which Statekeeper fires only after a commit: a
 * rolled-back cart change never shows up here. Kept in memory only, so it starts empty after a
 * restart even though the state itself does not.
 */
@ApplicationScoped
public class RecentChanges {

    /** How many changes are kept. */
    public static final int CAPACITY = 20;

    /**
     * One observed change.
     *
     * @param at when this node observed it
     * @param key the changed key
     * @param version the key's version after the change
     * @param type what happened to the key
     * @param remote whether another node committed it
     */
    public record Change(Instant at, String key, long version, ChangeType type, boolean remote) {
    }

    private final Deque<Change> changes = new ArrayDeque<>(CAPACITY + 1);

    void onChange(@Observes StateChanged event) {
        Change change = new Change(Instant.now(), event.key(), event.version(), event.type(), event.remote());
        synchronized (changes) {
            changes.addFirst(change);
            if (changes.size() > CAPACITY) {
                changes.removeLast();
            }
        }
    }

    /**
     * Returns the kept changes.
     *
     * @return at most {@value #CAPACITY} changes, newest first
     */
    public List<Change> latest() {
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }
}
