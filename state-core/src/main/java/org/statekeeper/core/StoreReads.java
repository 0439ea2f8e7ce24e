package org.statekeeper.core;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.statekeeper.core.nearcache.Hit;
import org.statekeeper.core.nearcache.NearCache;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.ExpiringValue;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.StoredValue;
import org.statekeeper.spi.Transactions;

/**
 * The two places a committed value is read from, the store (through its near cache, if any) and the log's
 * head rows; which one may answer is {@link StoreSync}'s to decide.
 */
final class StoreReads {

    private final StateStore store;
    /** The store itself when it is a near cache, which reads then go through; null otherwise. */
    private final NearCache near;
    private final EventLog log;
    private final Transactions transactions;
    private final Clock clock;

    StoreReads(StateStore store, EventLog log, Transactions transactions, Clock clock) {
        this.store = store;
        this.near = store instanceof NearCache cache ? cache : null;
        this.log = log;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Returns the store's answer (or its near cache's), or null when it held nothing and has lost its marker. */
    Found fromStore(String key) {
        if (near == null) {
            Optional<StoredValue> held = storeOrLost(key);
            return held == null ? null : Found.of(held);
        }
        return nearOrStore(key);
    }

    /** Returns the store's answer, or null when it held nothing and has lost its marker. */
    private Optional<StoredValue> storeOrLost(String key) {
        Optional<StoredValue> held = store.get(key);
        // A miss may mean the store lost everything (flushed, restarted empty): check the marker.
        return held.isPresent() || store.generation().isPresent() ? held : null;
    }

    /**
     * Serves the near cache's copy, or reads the store and offers the cache what it read; null when the
     * store held nothing and has lost its marker (the caller then reads the log).
     */
    private Found nearOrStore(String key) {
        Hit hit = near.hit(key);
        if (hit != null) {
            return Found.of(hit);
        }
        long stamp = near.stamp(key);
        Optional<ExpiringValue> held = store.getExpiring(key);
        if (held.isEmpty() && store.generation().isEmpty()) {
            return null;
        }
        near.offer(key, stamp, held);
        return Found.of(held.map(ExpiringValue::value));
    }

    /**
     * Reads the head in a transaction of its own, also inside a caller's transaction: under a snapshot
     * isolation (InnoDB's REPEATABLE READ) the caller's transaction would see the key as of its first read,
     * older than what the store serves and than what committed since. The caller's own changes and the keys
     * it holds are read before this, from the engine's overlay and the log's locked rows.
     */
    Optional<Head> headFromLog(String key) {
        return transactions.isActive() ? transactions.requiresNew(() -> log.head(key))
                : transactions.required(() -> log.head(key));
    }

    /** What a head read from the log holds now: its value while live, else nothing. */
    Found found(Optional<Head> head) {
        Instant now = clock.instant();
        return Found.of(head.filter(h -> h.liveAt(now)).map(h -> new StoredValue(h.json(), h.version())));
    }
}
