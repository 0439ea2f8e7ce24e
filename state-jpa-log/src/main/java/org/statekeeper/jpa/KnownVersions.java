package org.statekeeper.jpa;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The known-version hint: the newest version this node has seen committed per key (locked or
 * written). A hint only: a blind write tries it with a conditional UPDATE whose WHERE checks it, so a
 * stale entry costs one round trip and never a wrong version. A key in here also has a head row: rows
 * are only removed by retention (long after a key's deletion, which forgets the key here first), so
 * for these keys the existence check, one round trip per write, is skipped; should the row be gone
 * after all, locking the key re-creates it in the caller's transaction. Bounded: past
 * {@value #LIMIT} keys it starts again empty, which costs only the round trips it saved.
 */
final class KnownVersions {

    static final int LIMIT = 100_000;

    private final Map<String, Long> versions = new ConcurrentHashMap<>();

    /** Returns the newest version seen for {@code key}, or empty when none is known. */
    Optional<Long> of(String key) {
        return Optional.ofNullable(versions.get(key));
    }

    /** Returns whether a version of {@code key}, and so its head row, is known. */
    boolean knows(String key) {
        return versions.containsKey(key);
    }

    /** Records that {@code version} of {@code key} committed or is held; an older version changes nothing. */
    void know(String key, long version) {
        if (versions.size() >= LIMIT) {
            versions.clear();
        }
        versions.merge(key, version, Math::max);
    }

    /** Forgets {@code key}, whose head row is being removed. */
    void forget(String key) {
        versions.remove(key);
    }
}
