package org.statekeeper;

/** Thrown when a key is null, empty, longer than the configured maximum or holds control characters. */
public class InvalidKeyException extends StateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception for an invalid key.
     *
     * @param key the rejected key, may be null
     * @param reason why it was rejected
     */
    public InvalidKeyException(String key, String reason) {
        super(key, "Invalid key " + Keys.describe(key) + ": " + reason);
    }
}
