package org.statekeeper.jpa;

import java.util.Comparator;

/**
 * The order in which a transaction locks several keys: Unicode code point order, which is the order of
 * the shipped schemas' key columns (PostgreSQL {@code COLLATE "C"}, MariaDB {@code utf8mb4_nopad_bin}:
 * both compare UTF-8 bytes). A query that locks many rows locks them in the column's order, so keys sorted
 * the same way in Java are locked in one order whether they fall in one query or in several: two
 * transactions can then never take two rows in opposite orders. {@link String#compareTo} would not do:
 * it compares UTF-16 units, which order a character above U+FFFF before one in U+E000–U+FFFF.
 */
final class KeyOrder {

    /** Compares keys by code point. */
    static final Comparator<String> CODE_POINTS = KeyOrder::compare;

    private KeyOrder() {
    }

    private static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return Integer.compare(rank(x), rank(y));
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** Moves surrogates (U+D800–U+DFFF) above U+E000–U+FFFF, where the code points they encode belong. */
    private static int rank(char c) {
        return c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
}
