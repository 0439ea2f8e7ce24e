package org.statekeeper.core.runtime;

import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.statekeeper.StateChanged;
import org.statekeeper.core.metrics.StateMetrics;
import org.statekeeper.spi.ChangeFeed;

/**
 * Where committed changes go: first to the other nodes through the change feed, then to this node's
 * observers, so that an observer that throws never keeps a change from the other nodes. Other nodes'
 * changes are checked against the store, then reach the observers, on the platform's delivery executor.
 */
final class ChangeDispatch implements Consumer<StateChanged> {

    private static final System.Logger LOG = System.getLogger(ChangeDispatch.class.getName());

    private final Consumer<StateChanged> observers;
    private final Executor remoteDelivery;
    private final StateMetrics metrics;
    private final Consumer<StateChanged> committedElsewhere;
    private volatile Consumer<String> heard = key -> { };
    private volatile ChangeFeed feed;

    ChangeDispatch(Consumer<StateChanged> observers, Executor remoteDelivery, Consumer<StateChanged> committedElsewhere,
            StateMetrics metrics) {
        this.metrics = metrics;
        this.observers = observers;
        this.remoteDelivery = remoteDelivery;
        this.committedElsewhere = committedElsewhere;
    }

    /** Sets what runs on the feed's own thread for each key another node changed, before anything else (it must be quick). */
    void onHeard(Consumer<String> action) {
        this.heard = action;
    }

    /** Tells the other nodes, through the connected feed if any, that this node wrote to the store outside a commit. */
    void reportUnannouncedWrites() {
        ChangeFeed current = feed;
        if (current != null) {
            try {
                current.reportUnannouncedWrites();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "Could not report unannounced store writes: {0}", e.toString());
            }
        }
    }

    /** Returns the connected feed's continuity, -1 while none is connected. */
    long continuity() {
        ChangeFeed current = feed;
        return current == null ? -1 : current.continuity();
    }

    void connect(ChangeFeed feed) {
        this.feed = feed;
    }

    ChangeFeed disconnect() {
        ChangeFeed current = feed;
        feed = null;
        return current;
    }

    /** A change committed on this node; the engine catches and logs what an observer throws. */
    @Override
    public void accept(StateChanged change) {
        ChangeFeed current = feed;
        if (current != null) {
            try {
                current.publish(change);
            } catch (RuntimeException e) {
                // Announcements only notify; the commit and the store are already right.
                LOG.log(Level.DEBUG, "Change not published to other nodes: {0}", e.toString());
            }
        }
        observers.accept(change);
    }

    /** A change another node committed, called on the feed's thread: handed to the delivery executor at once. */
    void remote(StateChanged change) {
        try {
            // At once, in the order the feed delivers: a copy of the key must not be served a moment longer.
            heard.accept(change.key());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "SK0123 Could not invalidate a remote change's key: " + e);
        }
        long heard = System.nanoTime();
        try {
            remoteDelivery.execute(() -> {
                metrics.remoteChangeDelivered(System.nanoTime() - heard);
                try {
                    // First the store: a change its writer could not apply must not be read from it here.
                    committedElsewhere.accept(change);
                } catch (RuntimeException e) {
                    LOG.log(Level.DEBUG, "Could not check the store for a remote change: {0}", e.toString());
                }
                try {
                    observers.accept(change);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "SK0124 A StateChanged observer failed for remote change of key " + change.key(), e);
                }
            });
        } catch (RejectedExecutionException closing) {
            LOG.log(Level.DEBUG, "Remote change dropped while closing: {0}", change.key());
        }
    }
}
