package org.statekeeper.redis;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/**
 * A command connection opened on first use. Once open, Lettuce keeps it and reconnects it by itself;
 * until the first connect succeeds, every use tries again, at most once per {@link #RETRY_PAUSE_NANOS}.
 */
final class LazyConnection implements AutoCloseable {

    /** A connection and its asynchronous commands. */
    record Link(StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> commands) {
    }

    private static final System.Logger LOG = System.getLogger(LazyConnection.class.getName());
    // Without a pause every caller would pay the connect timeout while Redis is unreachable.
    private static final long RETRY_PAUSE_NANOS = 1_000_000_000L;

    private final RedisConnector connector;
    private final String purpose;
    private final Consumer<Link> onConnect;
    private volatile Link link;
    private boolean closed;
    private RuntimeException lastFailure;
    private long retryAt;

    LazyConnection(RedisConnector connector, String purpose, Consumer<Link> onConnect) {
        this.connector = connector;
        this.purpose = purpose;
        this.onConnect = onConnect;
    }

    /**
     * Returns the open connection, opening it first if needed.
     *
     * @throws IllegalStateException when closed
     * @throws io.lettuce.core.RedisException when Redis cannot be reached
     */
    Link get() {
        Link current = link;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The Redis store is closed");
            }
            if (link != null) {
                return link;
            }
            if (lastFailure != null && System.nanoTime() - retryAt < 0) {
                throw new RedisConnectionException("Redis at " + connector.settings().maskedUri()
                        + " is unreachable (last attempt failed: " + lastFailure.getMessage() + ")", lastFailure);
            }
            try {
                StatefulConnection<String, String> connection = connector.connect();
                Link opened = new Link(connection, RedisConnector.async(connection));
                try {
                    onConnect.accept(opened);
                } catch (RuntimeException e) {
                    connection.close();
                    throw e;
                }
                if (lastFailure != null) {
                    LOG.log(Level.INFO, "SK0202 Connected to Redis at {0} ({1}) after an outage",
                            connector.settings().maskedUri(), purpose);
                } else {
                    LOG.log(Level.DEBUG, "Connected to Redis at {0} ({1})", connector.settings().maskedUri(), purpose);
                }
                lastFailure = null;
                link = opened;
                return opened;
            } catch (RuntimeException e) {
                lastFailure = e;
                retryAt = System.nanoTime() + RETRY_PAUSE_NANOS;
                throw e;
            }
        }
    }

    /** Returns the connection if it is open, else null, never connecting: for threads that must not block. */
    Link ifOpen() {
        return link;
    }

    /** Closes the connection if it was opened; later uses fail. */
    @Override
    public synchronized void close() {
        closed = true;
        Link current = link;
        link = null;
        if (current != null) {
            current.connection().close();
        }
    }
}
