package org.statekeeper.core;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The keys whose newest committed version is not known to be in the store, read from the log until a heal
 * has applied them: kept apart so that what a key's failures add up to is decided in one place, whichever
 * path (a commit's apply, an announcement, a heal) met them.
 */
final class PendingKeys {

    /**
     * A key whose newest committed version could not be applied: that version, the first change of this
     * node's transaction that committed it (null when another node committed it), and when this node first
     * found the key pending (what a liveness check compares with its bound).
     */
    record Pending(long version, Instant since, Instant at) {

        Pending merge(Pending other) {
            return new Pending(Math.max(version, other.version), earlier(since, other.since), earlier(at, other.at));
        }

        private static Instant earlier(Instant a, Instant b) {
            return a == null ? b : b == null || a.isBefore(b) ? a : b;
        }
    }

    private final ConcurrentMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final Clock clock;

    /** Creates an empty set that stamps keys with {@code clock} when they become pending. */
    PendingKeys(Clock clock) {
        this.clock = clock;
    }

    /** Marks {@code key} pending at {@code version}, committed by a transaction that began at {@code since}. */
    void add(String key, long version, Instant since) {
        pending.merge(key, new Pending(version, since, clock.instant()), Pending::merge);
    }

    /** A late apply of an older version must not clear a newer version's failure. */
    void applied(String key, long version) {
        pending.computeIfPresent(key, (k, failed) -> version >= failed.version() ? null : failed);
    }

    /** Returns whether {@code key} is pending. */
    boolean contains(String key) {
        return pending.containsKey(key);
    }

    /** Returns what is pending for {@code key}, or null. */
    Pending get(String key) {
        return pending.get(key);
    }

    /** Stops {@code key} being pending, unless what is pending for it is no longer {@code failed}. */
    void remove(String key, Pending failed) {
        pending.remove(key, failed);
    }

    /** Returns how many keys are pending now. */
    int size() {
        return pending.size();
    }

    /** Returns the keys pending now. */
    List<String> keys() {
        return List.copyOf(pending.keySet());
    }

    /** Returns since when the key pending longest has been pending, or null when none is. */
    Instant oldest() {
        return pending.values().stream().map(Pending::at).min(Instant::compareTo).orElse(null);
    }

    /** Returns when this node's transactions whose changes are pending began. */
    List<Instant> since() {
        return pending.values().stream().map(Pending::since).filter(Objects::nonNull).toList();
    }
}
