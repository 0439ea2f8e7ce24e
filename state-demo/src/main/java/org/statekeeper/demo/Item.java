package org.statekeeper.demo;

/**
 * One line of a cart.
 *
 * @param name what was added, as the user typed it
 * @param quantity how many, at least 1
 */
public record Item(String name, int quantity) {
}
