package org.statekeeper.bench;

import java.util.List;

/**
 * The value every benchmark stores: a small record (about 110 bytes of JSON), encoded and decoded
 * with JSON-B on both sides.
 *
 * @param sku the stock keeping unit
 * @param name a display name
 * @param quantity how many; the read-modify-write benchmarks increment it
 * @param priceCents the unit price
 * @param tags a few labels
 */
public record Item(String sku, String name, int quantity, long priceCents, List<String> tags) {

    /** Returns the value the benchmarks start from. */
    public static Item sample() {
        return new Item("SKU-000042", "Blue ceramic mug, 350 ml", 3, 1299, List.of("kitchen", "gift", "blue"));
    }

    /** Returns this item with one more unit. */
    public Item incremented() {
        return new Item(sku, name, quantity + 1, priceCents, tags);
    }
}
