package org.statekeeper.core;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.statekeeper.InvalidArgumentException;
import org.statekeeper.InvalidKeyException;
import org.statekeeper.KeyInfo;
import org.statekeeper.StateAudit;
import org.statekeeper.StateEvent;
import org.statekeeper.spi.LogReader;
import org.statekeeper.spi.LoggedChange;
import org.statekeeper.spi.Transactions;

/** The container-free {@link StateAudit}: checks the arguments, then reads the log ({@link LogReader}). */
public final class EventLogAudit implements StateAudit {

    private final LogReader log;
    private final Transactions transactions;
    private final Clock clock;

    /**
     * Creates the audit queries of one log.
     *
     * @param log the log to read
     * @param transactions runs each read in the caller's transaction, or in a new one
     * @param clock tells which values have expired when keys are listed
     */
    public EventLogAudit(LogReader log, Transactions transactions, Clock clock) {
        this.log = log;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public List<StateEvent> history(String key, int page, int pageSize) {
        if (key == null) {
            throw new InvalidKeyException(null, "a key must not be null");
        }
        int offset = offset(page, pageSize);
        return read(() -> log.history(key, offset, pageSize));
    }

    @Override
    public List<StateEvent> since(long sequenceExclusive, int limit) {
        if (sequenceExclusive < 0) {
            throw new InvalidArgumentException(null, "sequenceExclusive", "must be 0 or more, was " + sequenceExclusive);
        }
        size("limit", limit);
        return read(() -> log.eventsAfter(sequenceExclusive, limit));
    }

    @Override
    public List<StateEvent> since(Instant from, int limit) {
        notNull("from", from);
        size("limit", limit);
        return read(() -> log.eventsSince(from, limit));
    }

    @Override
    public List<StateEvent> byPrincipal(String principal, int page, int pageSize) {
        notNull("principal", principal);
        int offset = offset(page, pageSize);
        return read(() -> log.byPrincipal(principal, offset, pageSize));
    }

    @Override
    public List<KeyInfo> keys(String prefix, String afterKey, int limit) {
        notNull("prefix", prefix);
        size("limit", limit, MAX_KEYS_PAGE);
        return inTransaction(() -> log.keys(prefix, afterKey, clock.instant(), limit));
    }

    private List<StateEvent> read(Supplier<List<LoggedChange>> query) {
        return inTransaction(query).stream().map(EventLogAudit::toEvent).toList();
    }

    private <T> T inTransaction(Supplier<T> query) {
        // Joining directly, not through the transaction system, keeps a failed read from marking the
        // caller's transaction rollback-only (a container's REQUIRED boundary would).
        return transactions.isActive() ? query.get() : transactions.required(query);
    }

    private static StateEvent toEvent(LoggedChange c) {
        return new StateEvent(c.sequence(), c.key(), c.version(), c.type(), c.json(), c.time(), c.principal(),
                c.nodeId(), c.transactionId());
    }

    private static int offset(int page, int pageSize) {
        if (page < 0) {
            throw new InvalidArgumentException(null, "page", "must be 0 or more, was " + page);
        }
        size("pageSize", pageSize);
        long offset = (long) page * pageSize;
        if (offset > Integer.MAX_VALUE) {
            throw new InvalidArgumentException(null, "page", page + " of size " + pageSize
                    + " starts beyond event " + Integer.MAX_VALUE + "; page by sequence with since(long, int) instead");
        }
        return (int) offset;
    }

    private static void size(String name, int value) {
        size(name, value, MAX_PAGE_SIZE);
    }

    private static void size(String name, int value, int max) {
        if (value < 1 || value > max) {
            throw new InvalidArgumentException(null, name, "must be 1 to " + max + ", was " + value);
        }
    }

    private static void notNull(String name, Object value) {
        if (value == null) {
            throw new InvalidArgumentException(null, name, "must not be null");
        }
    }
}
