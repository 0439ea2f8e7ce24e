package org.statekeeper.it.load;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.statekeeper.it.Item;

/**
 * What a developer would write by hand for the same guarantees in the container: the value's head row and
 * an event row in the container's JTA transaction (JDBC on the application's datasource), the value put
 * in Redis with Lettuce after commit; reads from Redis with one GET and a JSON-B decode.
 */
@ApplicationScoped
public class RawSide {

    private static final String PREFIX = "raw:";

    @Resource(lookup = "java:app/jdbc/statekeeper-it")
    DataSource dataSource;

    @Resource
    TransactionSynchronizationRegistry registry;

    private final Jsonb jsonb = JsonbBuilder.create();
    private RedisClient client;
    private StatefulRedisConnection<String, String> redis;

    @PostConstruct
    void connect() {
        client = RedisClient.create(ConfigProvider.getConfig().getValue("state.redis.uri", String.class));
        redis = client.connect();
    }

    @PreDestroy
    void disconnect() {
        redis.close();
        client.shutdown();
    }

    /** Reads the item from Redis. */
    public Item get(String key) {
        String stored = redis.sync().get(PREFIX + key);
        return jsonb.fromJson(stored.substring(stored.indexOf(':') + 1), Item.class);
    }

    /** Writes the head row and an event, then, after commit, Redis; returns the new version. */
    @Transactional
    public long set(String key, Item item) {
        String json = jsonb.toJson(item);
        try (Connection c = dataSource.getConnection();
                PreparedStatement head = c.prepareStatement("INSERT INTO raw_head (k, version, json) VALUES (?, 1, ?)"
                        + " ON CONFLICT (k) DO UPDATE SET version = raw_head.version + 1, json = EXCLUDED.json"
                        + " RETURNING version")) {
            head.setString(1, key);
            head.setString(2, json);
            long version;
            try (ResultSet rs = head.executeQuery()) {
                rs.next();
                version = rs.getLong(1);
            }
            event(c, key, version, json);
            afterCommit(key, version, json);
            return version;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Locks the head row, increments the quantity, writes head and event, then, after commit, Redis. */
    @Transactional
    public Item increment(String key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement lock = c.prepareStatement("SELECT version, json FROM raw_head WHERE k = ? FOR UPDATE");
                PreparedStatement update = c.prepareStatement("UPDATE raw_head SET version = ?, json = ? WHERE k = ?")) {
            lock.setString(1, key);
            long version;
            Item current;
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                version = rs.getLong(1) + 1;
                current = jsonb.fromJson(rs.getString(2), Item.class);
            }
            Item next = new Item(current.name(), current.quantity() + 1);
            String json = jsonb.toJson(next);
            update.setLong(1, version);
            update.setString(2, json);
            update.setString(3, key);
            update.executeUpdate();
            event(c, key, version, json);
            afterCommit(key, version, json);
            return next;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void event(Connection c, String key, long version, String json) throws SQLException {
        try (PreparedStatement event = c.prepareStatement("INSERT INTO raw_event (k, version, json, at) VALUES (?, ?, ?, ?)")) {
            event.setString(1, key);
            event.setLong(2, version);
            event.setString(3, json);
            event.setTimestamp(4, Timestamp.from(Instant.now()));
            event.executeUpdate();
        }
    }

    private void afterCommit(String key, long version, String json) {
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    redis.sync().set(PREFIX + key, version + ":" + json);
                }
            }
        });
    }
}
