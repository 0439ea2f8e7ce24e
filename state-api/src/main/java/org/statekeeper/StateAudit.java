package org.statekeeper;

import java.time.Instant;
import java.util.List;

/**
 * Read-only queries over the change log, for audit trails, "who changed this" screens and
 * downstream consumers, and a listing of the current keys ({@link #keys(String, String, int)}) for
 * operator consoles and clients resyncing their copies. Inject it ({@code @Inject StateAudit audit})
 * next to {@link StateManager}.
 *
 * <p>Every query orders by the events' {@link StateEvent#sequence() sequence}, never by time alone,
 * so events written in the same microsecond keep their order. Events older than the configured
 * retention ({@code state.log.retention}) may have been deleted; each key's latest event is always
 * kept while the key exists. Results are bounded: a page or limit holds at most
 * {@value #MAX_PAGE_SIZE} events, a page of keys at most {@value #MAX_KEYS_PAGE} keys. Each call reads in the caller's transaction, or in one of its own
 * when there is none.
 *
 * <p>Arguments are checked before anything is read: a null argument (other than an optional
 * {@code afterKey}), a negative page, or a page size or limit outside 1–{@value #MAX_PAGE_SIZE}
 * (1–{@value #MAX_KEYS_PAGE} for {@link #keys(String, String, int)}) throws
 * {@link InvalidArgumentException} naming the argument ({@link InvalidArgumentException#argument()});
 * a null key of {@link #history(String, int, int)} throws {@link InvalidKeyException}.
 */
public interface StateAudit {

    /** The largest page size and limit any query accepts. */
    int MAX_PAGE_SIZE = 10_000;

    /** The most keys one call of {@link #keys(String, String, int)} returns. */
    int MAX_KEYS_PAGE = 1000;

    /**
     * Returns one page of the events of {@code key}, newest first (page 0 holds the newest
     * {@code pageSize} events).
     *
     * @param key the key
     * @param page the page number, 0 for the newest events
     * @param pageSize how many events a page holds, 1–{@value #MAX_PAGE_SIZE}
     * @return the page's events in descending sequence order, empty past the oldest event
     * @throws InvalidKeyException when {@code key} is null
     * @throws InvalidArgumentException when {@code page} or {@code pageSize} is out of range
     */
    List<StateEvent> history(String key, int page, int pageSize);

    /**
     * Returns up to {@code limit} events with a sequence greater than {@code sequenceExclusive}, in
     * ascending sequence order; pass the last returned sequence to read on.
     *
     * <p>Sequences are assigned when rows are written, not when they commit: a transaction still
     * running when this is called can commit later with a lower sequence than one already returned.
     * A consumer that must see every event re-reads a short window behind its position.
     *
     * @param sequenceExclusive the sequence to read after, 0 to read from the first event
     * @param limit the most events to return, 1–{@value #MAX_PAGE_SIZE}
     * @return the events in ascending sequence order
     * @throws InvalidArgumentException when {@code sequenceExclusive} is negative or {@code limit} out of range
     */
    List<StateEvent> since(long sequenceExclusive, int limit);

    /**
     * Returns up to {@code limit} events made at or after {@code from}, in ascending sequence order;
     * to read on, pass the last returned sequence to {@link #since(long, int)}.
     *
     * @param from the earliest event time included
     * @param limit the most events to return, 1–{@value #MAX_PAGE_SIZE}
     * @return the events in ascending sequence order
     * @throws InvalidArgumentException when {@code from} is null or {@code limit} out of range
     */
    List<StateEvent> since(Instant from, int limit);

    /**
     * Returns one page of the events made by {@code principal}, newest first (page 0 holds the
     * newest {@code pageSize} events).
     *
     * @param principal the principal name as recorded ({@code anonymous} for unauthenticated callers)
     * @param page the page number, 0 for the newest events
     * @param pageSize how many events a page holds, 1–{@value #MAX_PAGE_SIZE}
     * @return the page's events in descending sequence order, empty past the oldest event
     * @throws InvalidArgumentException when an argument is null or out of range
     */
    List<StateEvent> byPrincipal(String principal, int page, int pageSize);

    /**
     * Returns up to {@code limit} keys that start with {@code prefix} and hold a live value now, in the
     * log's key order, after {@code afterKey}; pass the last returned key to read on.
     *
     * <p>Deleted keys and keys whose time to live has run out are left out, even before the expiry
     * sweep has logged their expiry. The prefix matches literally: {@code %}, {@code _} and every other
     * character stand for themselves. The log's key order is its key column's (code point order on
     * the shipped schemas). Each page is read at the moment it is asked for: keys written or deleted
     * between two pages appear or not depending on where they sort.
     *
     * @param prefix what the keys start with, {@code ""} for every key
     * @param afterKey the key to list after (usually the last key of the previous page), null to start
     *        from the first
     * @param limit the most keys to return, 1–{@value #MAX_KEYS_PAGE}
     * @return the keys with their version, value size, time, expiry and writer, in key order
     * @throws InvalidArgumentException when {@code prefix} is null or {@code limit} out of range
     */
    List<KeyInfo> keys(String prefix, String afterKey, int limit);
}
