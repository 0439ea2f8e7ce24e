package org.statekeeper;

/**
 * Thrown at deployment when a configuration property has a value Statekeeper cannot use;
 * {@link #getKey()} is the configuration property's name.
 */
public class StateConfigurationException extends StateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception naming the property, its value and what it accepts.
     *
     * @param property the configuration property, e.g. {@code state.store}
     * @param value the rejected value; credentials in it are masked, so the message can be logged
     * @param accepted a description of the accepted values
     */
    public StateConfigurationException(String property, String value, String accepted) {
        super(property, "Invalid configuration " + property + "="
                + Keys.describe(value == null ? null : org.statekeeper.spi.Credentials.mask(value))
                + "; accepted values: " + accepted);
    }
}
