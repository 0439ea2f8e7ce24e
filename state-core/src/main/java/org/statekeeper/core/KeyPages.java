package org.statekeeper.core;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.statekeeper.spi.Transactions;

/**
 * The paging loop over the log's rows in key order. Keyset paging (the next page starts after the
 * previous page's last key) rather than OFFSET, because keys are written while a load, a verify or a
 * retention run walks them: an offset would skip or repeat rows, a key bound never does, and each page
 * is an index range scan however deep the walk. Every page is read in a transaction of its own, so a
 * long walk holds no transaction, connection or lock between pages.
 */
final class KeyPages {

    private KeyPages() {
    }

    /**
     * Reads page after page with {@code read} (given the last key of the previous page, null at first)
     * and passes each non-empty page to {@code each}, until a page is empty or {@code each} returns false.
     */
    static <T> void walk(Transactions transactions, Function<String, List<T>> read, Function<T, String> keyOf,
            Predicate<List<T>> each) {
        String after = null;
        while (true) {
            String from = after;
            List<T> page = transactions.requiresNew(() -> read.apply(from));
            if (page.isEmpty() || !each.test(page)) {
                return;
            }
            after = keyOf.apply(page.get(page.size() - 1));
        }
    }
}
