package org.statekeeper.it;

/** A cart line, stored inside {@link Cart}. */
public record Item(String name, int quantity) {
}
