package org.statekeeper.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * A user's cart, stored as JSON under {@code cart:USER}. Immutable: changes return a new cart, which
 * is what {@link org.statekeeper.StateManager#update} expects of its function.
 *
 * @param items the lines, at most one per item name, in the order they were first added
 */
public record Cart(List<Item> items) {

    /** The cart of a user who has not added anything. */
    public static final Cart EMPTY = new Cart(List.of());

    /**
     * Copies the lines so a cart cannot be changed behind the store's back.
     *
     * @param items the lines; null (as a decoder may pass) means none
     */
    public Cart {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /**
     * Returns this cart with {@code item} added, its quantity summed with an existing line of the same name.
     *
     * @param item the item to add
     * @return the new cart
     */
    public Cart with(Item item) {
        List<Item> next = new ArrayList<>(items.size() + 1);
        boolean merged = false;
        for (Item line : items) {
            if (line.name().equals(item.name())) {
                next.add(new Item(line.name(), line.quantity() + item.quantity()));
                merged = true;
            } else {
                next.add(line);
            }
        }
        if (!merged) {
            next.add(item);
        }
        return new Cart(next);
    }

    /**
     * Returns this cart without the line named {@code name}.
     *
     * @param name the item name
     * @return the new cart, this one when no line has that name
     */
    public Cart without(String name) {
        List<Item> next = items.stream().filter(line -> !line.name().equals(name)).toList();
        return next.size() == items.size() ? this : new Cart(next);
    }

    /**
     * Returns the line named {@code name}'s quantity.
     *
     * @param name the item name
     * @return its quantity, 0 when the cart has no such line
     */
    public int quantityOf(String name) {
        return items.stream().filter(line -> line.name().equals(name)).mapToInt(Item::quantity).sum();
    }
}
