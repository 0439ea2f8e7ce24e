package org.statekeeper;

/** The kind of change recorded for a key. */
public enum ChangeType {
    /** The key was given a new value. */
    SET,
    /** The key was deleted. */
    DELETE,
    /** The key's time to live ran out. */
    EXPIRE
}
