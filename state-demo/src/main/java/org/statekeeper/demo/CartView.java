package org.statekeeper.demo;

import java.util.List;

/**
 * A user's cart as shown to clients, with the version of its key.
 *
 * @param user the cart's owner
 * @param version the version of the cart's key, 0 when the user has no cart
 * @param items the cart's lines
 */
public record CartView(String user, long version, List<Item> items) {
}
