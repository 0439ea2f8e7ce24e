package org.statekeeper.core;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.statekeeper.StateChanged;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.StateCodec;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.Transactions;

/**
 * Everything a {@link StateEngine} is assembled from.
 *
 * @param store the materialised view written after commit
 * @param log the durable log written in the transaction
 * @param codec encodes and decodes values
 * @param transactions the transaction system
 * @param limits key and value size rules
 * @param principal supplies the caller's principal name ({@code anonymous} when unauthenticated)
 * @param nodeId this node's id, recorded in every event
 * @param events receives one {@link StateChanged} per changed key after each commit
 * @param clock the time source for event rows
 */
public record EngineParts(StateStore store, EventLog log, StateCodec codec, Transactions transactions,
        Limits limits, Supplier<String> principal, String nodeId, Consumer<StateChanged> events, Clock clock) {

    /**
     * Checks that every part is given.
     *
     * @throws NullPointerException naming the missing part
     */
    public EngineParts {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(transactions, "transactions");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(clock, "clock");
    }
}
