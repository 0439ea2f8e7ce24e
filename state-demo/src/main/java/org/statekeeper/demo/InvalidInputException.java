package org.statekeeper.demo;

import jakarta.ejb.ApplicationException;

/**
 * Thrown when a user name, item or quantity is not acceptable.
 *
 * <p>An application exception, so the EJB container rethrows it as is (not wrapped in an
 * {@code EJBException}) and still rolls the transaction back. Its message is one of a fixed set of
 * texts and never repeats the rejected input, so it can be shown anywhere without leaking or
 * reflecting what a user typed.
 */
@ApplicationException(rollback = true)
public class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What was wrong with the input. */
    public enum Violation {
        /** The user name is missing, too long or has control characters. */
        USER("User names must be 1 to " + CartService.MAX_USER_LENGTH + " printable characters."),
        /** The item name is missing, too long or has control characters. */
        ITEM_NAME("Item names must be 1 to " + CartService.MAX_NAME_LENGTH + " printable characters."),
        /** The quantity is not a whole number in range. */
        QUANTITY("Quantities must be whole numbers from 1 to " + CartService.MAX_QUANTITY + " per item."),
        /** The cart already holds the maximum number of distinct items. */
        CART_FULL("A cart holds at most " + CartService.MAX_LINES + " different items.");

        private final String message;

        Violation(String message) {
            this.message = message;
        }

        /**
         * Returns the human-readable rule that was broken.
         *
         * @return a fixed text
         */
        public String message() {
            return message;
        }
    }

    private final Violation violation;

    /**
     * Creates an exception for a broken rule.
     *
     * @param violation the rule that was broken
     */
    public InvalidInputException(Violation violation) {
        super(violation.message());
        this.violation = violation;
    }

    /**
     * Returns the rule that was broken.
     *
     * @return the violation
     */
    public Violation getViolation() {
        return violation;
    }
}
