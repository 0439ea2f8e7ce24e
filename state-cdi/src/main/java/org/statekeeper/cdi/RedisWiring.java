package org.statekeeper.cdi;

import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.statekeeper.StateChanged;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.core.Credentials;
import org.statekeeper.redis.RedisChangeFeed;
import org.statekeeper.redis.RedisSettings;
import org.statekeeper.redis.RedisStateStore;

/**
 * The Redis store and change feed of one application. Kept apart so that Lettuce classes load only
 * when Redis is configured.
 */
final class RedisWiring implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisWiring.class.getName());

    private final RedisStateStore store;
    private volatile RedisChangeFeed feed;

    RedisWiring(StatekeeperConfig.Redis config) {
        RedisSettings settings;
        try {
            settings = new RedisSettings(config.uri(), RedisSettings.ClientType.parse(config.clientType()),
                    config.timeout(), config.keyPrefix());
        } catch (IllegalArgumentException e) {
            throw new StateConfigurationException(StatekeeperConfig.REDIS_URI, Credentials.maskUserInfo(config.uri()),
                    e.getMessage());
        }
        this.store = new RedisStateStore(settings);
    }

    RedisStateStore store() {
        return store;
    }

    /**
     * Subscribes to other nodes' changes, delivering them as remote events on {@code executor} (never
     * on Redis's I/O thread, which an observer calling back into Redis would block).
     */
    void subscribe(String nodeId, Executor executor, Consumer<StateChanged> remote) {
        // Two applications on one server share the node id; the feed must still tell them apart.
        String instance = nodeId + "#" + UUID.randomUUID().toString().substring(0, 8);
        feed = new RedisChangeFeed(store, instance, change -> executor.execute(() ->
                remote.accept(new StateChanged(change.key(), change.version(), change.type(), true))));
    }

    /** Tells the other nodes about a committed change; a failure is logged, the commit stands. */
    void publish(StateChanged change) {
        RedisChangeFeed current = feed;
        if (current == null) {
            return;
        }
        try {
            current.publish(change.key(), change.version(), change.type());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Change not published to other nodes: {0}", e.toString());
        }
    }

    @Override
    public void close() {
        RedisChangeFeed current = feed;
        if (current != null) {
            current.close();
        }
        store.close();
    }
}
