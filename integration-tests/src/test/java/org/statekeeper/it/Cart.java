package org.statekeeper.it;

import java.util.List;
import java.util.Map;

/** A value with a nested list and map, to prove typed round trips. */
public record Cart(List<Item> items, Map<String, Integer> tags) {
}
