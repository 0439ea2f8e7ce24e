package org.statekeeper;

/** Thrown when a value cannot be encoded, or a stored value cannot be decoded into the requested type. */
public class StateSerializationException extends StateException {

    private static final long serialVersionUID = 1L;

    private final long version;

    /**
     * Creates an exception for a value of {@code key} that could not be converted.
     *
     * @param key the key
     * @param version the version of the stored value, 0 when encoding a new value
     * @param message what could not be converted
     * @param cause the codec's failure, may be null
     */
    public StateSerializationException(String key, long version, String message, Throwable cause) {
        super(key, message + " (key " + Keys.describe(key)
                + (version > 0 ? ", version " + version : "") + ")", cause);
        this.version = version;
    }

    /**
     * Returns the version of the value that could not be decoded.
     *
     * @return the version, 0 when the failure was encoding a new value
     */
    public long getVersion() {
        return version;
    }
}
