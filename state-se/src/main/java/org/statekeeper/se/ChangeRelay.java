package org.statekeeper.se;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.statekeeper.StateChanged;
import org.statekeeper.redis.RedisChangeFeed;
import org.statekeeper.redis.RedisStateStore;

/**
 * Hands committed changes to the application's observer and, when connected to a change feed,
 * announces them to other nodes and delivers theirs.
 */
final class ChangeRelay implements Consumer<StateChanged>, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChangeRelay.class.getName());

    private final Consumer<StateChanged> observer;
    private volatile RedisChangeFeed feed;
    private ExecutorService remoteDelivery;

    ChangeRelay(Consumer<StateChanged> observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * Subscribes to other nodes' changes. They are delivered on a thread of our own, never on
     * Lettuce's I/O thread, which an observer calling back into Redis would deadlock.
     */
    synchronized void connect(RedisStateStore store, String instanceId) {
        remoteDelivery = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "statekeeper-se-remote-changes");
            thread.setDaemon(true);
            return thread;
        });
        ExecutorService executor = remoteDelivery;
        feed = new RedisChangeFeed(store, instanceId, change -> {
            try {
                executor.execute(() -> deliver(new StateChanged(change.key(), change.version(), change.type(), true)));
            } catch (RejectedExecutionException closing) {
                LOG.log(Level.DEBUG, "Remote change dropped while closing: {0}", change.key());
            }
        });
    }

    @Override
    public void accept(StateChanged change) {
        RedisChangeFeed current = feed;
        if (current != null) {
            try {
                current.publish(change.key(), change.version(), change.type());
            } catch (RuntimeException e) {
                // Announcements only notify; the commit and the store are already right.
                LOG.log(Level.DEBUG, "Change not published to other nodes: {0}", e.toString());
            }
        }
        observer.accept(change);
    }

    private void deliver(StateChanged change) {
        try {
            observer.accept(change);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A StateChanged observer failed for remote change of key " + change.key(), e);
        }
    }

    /** Unsubscribes and stops the delivery thread; the store stays open. */
    @Override
    public synchronized void close() {
        RedisChangeFeed current = feed;
        feed = null;
        if (current != null) {
            current.close();
        }
        if (remoteDelivery != null) {
            remoteDelivery.shutdownNow();
        }
    }
}
