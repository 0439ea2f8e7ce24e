package org.statekeeper;

/** Thrown when a value's encoded form is larger than {@code state.max-value-bytes}. */
public class ValueTooLargeException extends StateException {

    private static final long serialVersionUID = 1L;

    private final long size;
    private final long limit;

    /**
     * Creates an exception for an oversized value.
     *
     * @param key the key the value was written to
     * @param size the encoded size in bytes
     * @param limit the configured maximum in bytes
     */
    public ValueTooLargeException(String key, long size, long limit) {
        super(key, "Value for key " + Keys.describe(key) + " is " + size
                + " bytes encoded, more than state.max-value-bytes=" + limit);
        this.size = size;
        this.limit = limit;
    }

    /**
     * Returns the encoded size of the rejected value.
     *
     * @return bytes
     */
    public long getSize() {
        return size;
    }

    /**
     * Returns the configured maximum.
     *
     * @return bytes
     */
    public long getLimit() {
        return limit;
    }
}
