package org.statekeeper.core;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.Transactions;

/** Loads a store from the log's head rows, page by page, and marks it complete. */
public final class StoreLoader {

    private static final System.Logger LOG = System.getLogger(StoreLoader.class.getName());
    private static final int PAGE = 1000;

    private final StateStore store;
    private final EventLog log;
    private final Transactions transactions;

    /**
     * Creates a loader.
     *
     * @param store the store to fill
     * @param log the log to read head rows from
     * @param transactions runs each page read in its own transaction
     */
    public StoreLoader(StateStore store, EventLog log, Transactions transactions) {
        this.store = store;
        this.log = log;
        this.transactions = transactions;
    }

    /**
     * Re-applies (version guarded) every head changed at or after {@code since}.
     *
     * @param since the earliest change time to re-apply
     * @return the number of heads applied
     */
    public long catchUp(Instant since) {
        long count = 0;
        String after = null;
        while (true) {
            String from = after;
            List<Head> page = transactions.requiresNew(() -> log.headsChangedSince(since, from, PAGE));
            if (page.isEmpty()) {
                return count;
            }
            store.applyAll(page);
            count += page.size();
            after = page.get(page.size() - 1).key();
        }
    }

    /**
     * Clears the store, loads every head row into it (version guarded) and sets a new generation marker.
     *
     * @return the number of head rows applied
     */
    public long rebuild() {
        long started = System.nanoTime();
        store.clear();
        long count = 0;
        String after = null;
        while (true) {
            String from = after;
            List<Head> page = transactions.requiresNew(() -> log.heads(from, PAGE));
            if (page.isEmpty()) {
                break;
            }
            store.applyAll(page);
            count += page.size();
            after = page.get(page.size() - 1).key();
        }
        store.markGeneration(UUID.randomUUID().toString());
        LOG.log(Level.INFO, "Statekeeper store loaded from the log: {0} keys in {1} ms",
                count, (System.nanoTime() - started) / 1_000_000);
        return count;
    }
}
