package org.statekeeper.websocket;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One connection's subscribed keys and prefixes; not thread-safe (its connection guards it). */
final class Subscriptions {

    private final Set<String> keys = new LinkedHashSet<>();
    private final Set<String> prefixes = new LinkedHashSet<>();

    /** Returns whether a change of {@code key} is subscribed to. */
    boolean covers(String key) {
        if (keys.contains(key)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    int size() {
        return keys.size() + prefixes.size();
    }

    /** Adds a key, returning false when it was there already. */
    boolean addKey(String key) {
        return keys.add(key);
    }

    /** Adds a prefix, returning false when it was there already. */
    boolean addPrefix(String prefix) {
        return prefixes.add(prefix);
    }

    void removeKey(String key) {
        keys.remove(key);
    }

    void removePrefix(String prefix) {
        prefixes.remove(prefix);
    }

    List<String> prefixes() {
        return new ArrayList<>(prefixes);
    }
}
