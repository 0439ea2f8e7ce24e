package org.statekeeper;

/**
 * Thrown when an argument other than a key is null or out of range (a time to live, a type, a function,
 * a map of values, a page or limit); it is thrown before anything is locked or written.
 */
public class InvalidArgumentException extends StateException {

    private static final long serialVersionUID = 1L;

    private final String argument;

    /**
     * Creates an exception for a rejected argument.
     *
     * @param key the key of the call, may be null for calls without one
     * @param argument the name of the rejected argument, as the API method names it
     * @param reason why it was rejected
     */
    public InvalidArgumentException(String key, String argument, String reason) {
        super(key, "Invalid argument " + argument + (key == null ? "" : " for key " + Keys.describe(key)) + ": "
                + reason);
        this.argument = argument;
    }

    /**
     * Returns the name of the rejected argument.
     *
     * @return the argument's name, as the API method names it
     */
    public String argument() {
        return argument;
    }
}
