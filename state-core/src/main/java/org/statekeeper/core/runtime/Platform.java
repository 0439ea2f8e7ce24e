package org.statekeeper.core.runtime;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.statekeeper.StateChanged;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.StateCodec;
import org.statekeeper.spi.Transactions;

/**
 * What the surroundings give the runtime: the container (CDI, JTA, Jakarta Concurrency) or the Java SE
 * instance (resource-local transactions, its own threads). Everything else the runtime builds itself.
 *
 * @param transactions the transaction system the log is written in
 * @param log the durable log
 * @param codec encodes and decodes values
 * @param principal supplies the caller's principal name, called on the writing thread
 * @param observers receives one {@link StateChanged} per changed key: this node's after each commit,
 *        on the committing thread; other nodes' (remote) on {@code remoteDelivery}
 * @param remoteDelivery runs the delivery of other nodes' changes, never a store client's I/O thread
 * @param plugins the class loader store plugins are looked up with
 * @param clock the time source for event rows
 */
public record Platform(Transactions transactions, EventLog log, StateCodec codec, Supplier<String> principal,
        Consumer<StateChanged> observers, Executor remoteDelivery, ClassLoader plugins, Clock clock) {

    /**
     * Checks that every part is given.
     *
     * @throws NullPointerException naming the missing part
     */
    public Platform {
        Objects.requireNonNull(transactions, "transactions");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(observers, "observers");
        Objects.requireNonNull(remoteDelivery, "remoteDelivery");
        Objects.requireNonNull(plugins, "plugins");
        Objects.requireNonNull(clock, "clock");
    }
}
