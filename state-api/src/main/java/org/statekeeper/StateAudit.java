package org.statekeeper;

import java.time.Instant;
import java.util.List;

/**
 * Read-only queries over the change log, for audit trails, "who changed this" screens and
 * downstream consumers. Inject it ({@code @Inject StateAudit audit}) next to {@link StateManager}.
 *
 * <p>Every query orders by the events' {@link StateEvent#sequence() sequence}, never by time alone,
 * so events written in the same microsecond keep their order. Events older than the configured
 * retention ({@code state.log.retention}) may have been deleted; each key's latest event is always
 * kept while the key exists. Results are bounded: a page or limit holds at most
 * {@value #MAX_PAGE_SIZE} events. Each call reads in the caller's transaction, or in one of its own
 * when there is none.
 *
 * <p>Arguments are checked before anything is read: a null argument, a negative page, or a page
 * size or limit outside 1–{@value #MAX_PAGE_SIZE} throws {@link IllegalArgumentException} naming
 * the argument.
 */
public interface StateAudit {

    /** The largest page size and limit any query accepts. */
    int MAX_PAGE_SIZE = 10_000;

    /**
     * Returns one page of the events of {@code key}, newest first (page 0 holds the newest
     * {@code pageSize} events).
     *
     * @param key the key
     * @param page the page number, 0 for the newest events
     * @param pageSize how many events a page holds, 1–{@value #MAX_PAGE_SIZE}
     * @return the page's events in descending sequence order, empty past the oldest event
     * @throws IllegalArgumentException when an argument is null or out of range
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
     * @throws IllegalArgumentException when {@code sequenceExclusive} is negative or {@code limit} out of range
     */
    List<StateEvent> since(long sequenceExclusive, int limit);

    /**
     * Returns up to {@code limit} events made at or after {@code from}, in ascending sequence order;
     * to read on, pass the last returned sequence to {@link #since(long, int)}.
     *
     * @param from the earliest event time included
     * @param limit the most events to return, 1–{@value #MAX_PAGE_SIZE}
     * @return the events in ascending sequence order
     * @throws IllegalArgumentException when {@code from} is null or {@code limit} out of range
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
     * @throws IllegalArgumentException when an argument is null or out of range
     */
    List<StateEvent> byPrincipal(String principal, int page, int pageSize);
}
