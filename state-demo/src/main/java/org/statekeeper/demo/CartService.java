package org.statekeeper.demo;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.statekeeper.StateManager;
import org.statekeeper.demo.InvalidInputException.Violation;

/**
 * Per-user carts, one key each ({@code cart:USER}).
 *
 * <p>A stateless EJB, so every method runs in a container transaction that Statekeeper joins: the
 * cart change and anything else the method wrote to the database commit or roll back together, and
 * the in-memory store only sees the change once it has committed.
 */
@Stateless
public class CartService {

    /** The longest accepted user name. */
    public static final int MAX_USER_LENGTH = 64;
    /** The longest accepted item name. */
    public static final int MAX_NAME_LENGTH = 100;
    /** The largest quantity of one item in a cart. */
    public static final int MAX_QUANTITY = 999;
    /** The most distinct items one cart holds; keeps a cart's JSON small. */
    public static final int MAX_LINES = 50;

    private static final String PREFIX = "cart:";

    @Inject
    StateManager state;

    /**
     * Returns a user's cart with its version.
     *
     * @param user the cart's owner
     * @return the cart, empty with version 0 when the user has none
     * @throws InvalidInputException when the user name is not acceptable
     */
    public CartView view(String user) {
        String owner = checkUser(user);
        return state.getVersioned(PREFIX + owner, Cart.class)
                .map(v -> new CartView(owner, v.version(), v.value().items()))
                .orElseGet(() -> new CartView(owner, 0, Cart.EMPTY.items()));
    }

    /**
     * Adds {@code quantity} of an item to a user's cart; concurrent additions to the same cart are
     * serialised by {@link StateManager#update}, so none is lost.
     *
     * @param user the cart's owner
     * @param name the item's name
     * @param quantity how many to add
     * @return the cart after the change, read inside this transaction (its own write is visible)
     * @throws InvalidInputException when an input is not acceptable or the cart is full
     */
    public CartView addItem(String user, String name, int quantity) {
        String owner = checkUser(user);
        String item = checkItemName(name);
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new InvalidInputException(Violation.QUANTITY);
        }
        state.update(PREFIX + owner, Cart.class, current -> {
            Cart cart = current == null ? Cart.EMPTY : current;
            int existing = cart.quantityOf(item);
            if (existing + quantity > MAX_QUANTITY) {
                throw new InvalidInputException(Violation.QUANTITY);
            }
            if (existing == 0 && cart.items().size() >= MAX_LINES) {
                throw new InvalidInputException(Violation.CART_FULL);
            }
            return cart.with(new Item(item, quantity));
        });
        return view(owner);
    }

    /**
     * Removes an item from a user's cart; removing the last item deletes the cart's key (a
     * {@code null} result of the update function).
     *
     * @param user the cart's owner
     * @param name the item's name
     * @return the cart after the change
     * @throws InvalidInputException when an input is not acceptable
     */
    public CartView removeItem(String user, String name) {
        String owner = checkUser(user);
        String item = checkItemName(name);
        state.update(PREFIX + owner, Cart.class, current -> {
            if (current == null) {
                return null;
            }
            Cart next = current.without(item);
            return next.items().isEmpty() ? null : next;
        });
        return view(owner);
    }

    /**
     * Empties a user's cart by deleting its key.
     *
     * @param user the cart's owner
     * @return whether there was a cart to delete
     * @throws InvalidInputException when the user name is not acceptable
     */
    public boolean clear(String user) {
        return state.delete(PREFIX + checkUser(user));
    }

    /**
     * Trims and checks a user name.
     *
     * @param user the name as received, may be null
     * @return the trimmed name
     * @throws InvalidInputException when it is empty, too long or has control characters
     */
    public static String checkUser(String user) {
        return checkText(user, MAX_USER_LENGTH, Violation.USER);
    }

    private static String checkItemName(String name) {
        return checkText(name, MAX_NAME_LENGTH, Violation.ITEM_NAME);
    }

    private static String checkText(String text, int maxLength, Violation violation) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty() || trimmed.length() > maxLength
                || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(violation);
        }
        return trimmed;
    }
}
