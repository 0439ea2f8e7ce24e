package org.statekeeper.jpa;

import java.io.Serializable;
import java.util.Objects;

/**
 * The JPA identity of an event row: its key and per-key version, unique in the log. Serializable
 * only because the Jakarta Persistence specification asks it of id classes; Statekeeper never
 * serializes it.
 */
public final class EventId implements Serializable {

    private static final long serialVersionUID = 1L;

    private String key;
    private long version;

    /** For JPA. */
    public EventId() {
    }

    /**
     * Creates the id of one event.
     *
     * @param key the key
     * @param version the key's version that the event created
     */
    public EventId(String key, long version) {
        this.key = key;
        this.version = version;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventId other && version == other.version && Objects.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, version);
    }

    @Override
    public String toString() {
        return key + "@" + version;
    }
}
