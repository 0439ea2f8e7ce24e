package org.statekeeper.websocket;

import java.util.List;

/**
 * The key prefixes one connection may read, fixed at its handshake.
 *
 * @param prefixes the readable prefixes ({@code ""}: every key)
 */
public record Readable(List<String> prefixes) {

    /** Copies the list. */
    public Readable {
        prefixes = List.copyOf(prefixes);
    }

    /** Returns whether nothing at all is readable. */
    public boolean none() {
        return prefixes.isEmpty();
    }

    /** Returns whether {@code key} may be read. */
    public boolean key(String key) {
        return prefixes.stream().anyMatch(key::startsWith);
    }

    /** Returns whether every key starting with {@code prefix} may be read. */
    public boolean prefix(String prefix) {
        return prefixes.stream().anyMatch(prefix::startsWith);
    }
}
