package org.statekeeper.core;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * This node's writing transactions that have not finished, each with the time of its first change: what
 * keeps this node's published mark from claiming their changes. A transaction counts from its first
 * change until it rolled back, or committed and its changes were applied to the store or recorded as
 * pending (see {@link StoreSync}); its head rows carry times no earlier than its first change, read from
 * the same clock.
 */
final class OwnCommits {

    private final ConcurrentMap<Object, Instant> open = new ConcurrentHashMap<>();

    /** Records that {@code transaction} made its first change at {@code firstChange}. */
    void began(Object transaction, Instant firstChange) {
        open.put(Objects.requireNonNull(transaction, "transaction"), firstChange);
    }

    /** Records that {@code transaction} has finished (rolled back, or committed and applied or pending). */
    void finished(Object transaction) {
        open.remove(transaction);
    }

    /**
     * Returns the earliest first change of an unfinished transaction, or {@code now} when there is none. Read
     * before the pending keys: a transaction records its pending keys before it counts as finished.
     */
    Instant oldest(Instant now) {
        return earliest(open.values(), now);
    }

    static Instant earliest(Collection<Instant> times, Instant bound) {
        Instant earliest = bound;
        for (Instant t : times) {
            if (t != null && t.isBefore(earliest)) {
                earliest = t;
            }
        }
        return earliest;
    }
}
