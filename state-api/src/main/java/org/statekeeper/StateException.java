package org.statekeeper;

/** Base of every exception Statekeeper throws; carries the key it concerns. */
public class StateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * Creates an exception about {@code key}.
     *
     * @param key the state key (or configuration key) the failure concerns, may be null
     * @param message what went wrong
     * @param cause the underlying failure, may be null
     */
    public StateException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /**
     * Creates an exception about {@code key} without a cause.
     *
     * @param key the key the failure concerns, may be null
     * @param message what went wrong
     */
    public StateException(String key, String message) {
        this(key, message, null);
    }

    /**
     * Returns the key the failure concerns.
     *
     * @return the key, or null when the failure concerns no single key
     */
    public String getKey() {
        return key;
    }
}
