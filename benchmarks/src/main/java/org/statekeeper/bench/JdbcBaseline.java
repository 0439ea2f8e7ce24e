package org.statekeeper.bench;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.json.bind.Jsonb;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * What a developer would write by hand instead of Statekeeper, doing the same useful work: the value
 * encoded with JSON-B, an event row and a head row per change with a per-key version in one
 * transaction, then the value written to Redis after the commit. Same tables (the shipped schema),
 * same pool, same Redis server as our side; keys under {@link Infra#BASELINE_PREFIX}.
 */
final class JdbcBaseline implements AutoCloseable {

    private static final String UPSERT_HEAD_RETURNING = "INSERT INTO sk_head (state_key, version_no, value_json, time_us)"
            + " VALUES (?, 1, ?, ?) ON CONFLICT (state_key) DO UPDATE SET version_no = sk_head.version_no + 1,"
            + " value_json = EXCLUDED.value_json, time_us = EXCLUDED.time_us, expires_us = NULL RETURNING version_no";
    private static final String UPSERT_HEAD = "INSERT INTO sk_head (state_key, version_no, value_json, time_us)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (state_key) DO UPDATE SET version_no = EXCLUDED.version_no,"
            + " value_json = EXCLUDED.value_json, time_us = EXCLUDED.time_us, expires_us = NULL";
    private static final String INSERT_EVENT = "INSERT INTO sk_event (seq, state_key, version_no, change_type,"
            + " value_json, time_us, principal, node_id, tx_id) VALUES (nextval('sk_event_seq'), ?, ?, 'SET', ?, ?, ?, ?, ?)";
    private static final String LOCK_HEAD = "SELECT version_no, value_json FROM sk_head WHERE state_key = ? FOR UPDATE";
    private static final String LOCK_HEADS = "SELECT state_key, version_no FROM sk_head WHERE state_key = ANY (?) FOR UPDATE";
    private static final String UPDATE_HEAD = "UPDATE sk_head SET version_no = ?, value_json = ?, time_us = ? WHERE state_key = ?";
    private static final String SCAN_HEADS = "SELECT state_key, value_json FROM sk_head WHERE version_no > 0 AND value_json IS NOT NULL";
    private static final int CHUNK = 1000;

    private final DataSource dataSource;
    private final Jsonb jsonb;
    private final RedisCommands<String, String> redis;
    private final StatefulRedisConnection<String, String> bulk;

    JdbcBaseline(Infra infra) {
        this.dataSource = infra.dataSource;
        this.jsonb = infra.jsonb;
        this.redis = infra.redis.sync();
        // Pipelining turns auto-flush off, so it gets a connection of its own, as in our store.
        this.bulk = infra.lettuce.connect();
    }

    /** One blind write in its own transaction: upsert head (bumping the version), insert event, commit, SET. */
    long set(String key, Item value) {
        String json = jsonb.toJson(value);
        long version;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement head = c.prepareStatement(UPSERT_HEAD_RETURNING);
                    PreparedStatement event = c.prepareStatement(INSERT_EVENT)) {
                long now = nowMicros();
                head.setString(1, key);
                head.setString(2, json);
                head.setLong(3, now);
                try (ResultSet rs = head.executeQuery()) {
                    rs.next();
                    version = rs.getLong(1);
                }
                bindEvent(event, key, version, json, now, UUID.randomUUID().toString());
                event.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        redis.set(Infra.BASELINE_PREFIX + key, json);
        return version;
    }

    /**
     * Many blind writes in one transaction, JDBC-batched: lock the existing heads in one query,
     * batch the head upserts and the event inserts, commit, then pipeline the SETs.
     */
    void setAll(List<String> keys, Item value) {
        List<String> jsons = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            jsons.add(jsonb.toJson(value));
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement(LOCK_HEADS);
                    PreparedStatement head = c.prepareStatement(UPSERT_HEAD);
                    PreparedStatement event = c.prepareStatement(INSERT_EVENT)) {
                Map<String, Long> versions = new HashMap<>();
                Array array = c.createArrayOf("varchar", keys.toArray());
                lock.setArray(1, array);
                try (ResultSet rs = lock.executeQuery()) {
                    while (rs.next()) {
                        versions.put(rs.getString(1), rs.getLong(2));
                    }
                }
                long now = nowMicros();
                String tx = UUID.randomUUID().toString();
                for (int i = 0; i < keys.size(); i++) {
                    String key = keys.get(i);
                    long version = versions.getOrDefault(key, 0L) + 1;
                    head.setString(1, key);
                    head.setLong(2, version);
                    head.setString(3, jsons.get(i));
                    head.setLong(4, now);
                    head.addBatch();
                    bindEvent(event, key, version, jsons.get(i), now, tx);
                    event.addBatch();
                }
                head.executeBatch();
                event.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        RedisAsyncCommands<String, String> async = bulk.async();
        List<RedisFuture<String>> sent = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            sent.add(async.set(Infra.BASELINE_PREFIX + keys.get(i), jsons.get(i)));
        }
        await(sent);
    }

    /** Read-modify-write: lock the head row, decode, apply, encode, update head, insert event, commit, SET. */
    Item update(String key, UnaryOperator<Item> fn) {
        Item next;
        String json;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement(LOCK_HEAD);
                    PreparedStatement head = c.prepareStatement(UPDATE_HEAD);
                    PreparedStatement event = c.prepareStatement(INSERT_EVENT)) {
                lock.setString(1, key);
                long version;
                Item current;
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    version = rs.getLong(1) + 1;
                    current = jsonb.fromJson(rs.getString(2), Item.class);
                }
                next = fn.apply(current);
                json = jsonb.toJson(next);
                long now = nowMicros();
                head.setLong(1, version);
                head.setString(2, json);
                head.setLong(3, now);
                head.setString(4, key);
                head.executeUpdate();
                bindEvent(event, key, version, json, now, UUID.randomUUID().toString());
                event.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        redis.set(Infra.BASELINE_PREFIX + key, json);
        return next;
    }

    /** Loads every head row into Redis: a streamed JDBC scan and pipelined SETs, a thousand per flush. */
    long rebuild() {
        long count = 0;
        bulk.setAutoFlushCommands(false);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement scan = c.prepareStatement(SCAN_HEADS)) {
                scan.setFetchSize(CHUNK);
                RedisAsyncCommands<String, String> async = bulk.async();
                List<RedisFuture<String>> sent = new ArrayList<>(CHUNK);
                try (ResultSet rs = scan.executeQuery()) {
                    while (rs.next()) {
                        sent.add(async.set(Infra.BASELINE_PREFIX + rs.getString(1), rs.getString(2)));
                        if (sent.size() == CHUNK) {
                            bulk.flushCommands();
                            count += await(sent);
                            sent.clear();
                        }
                    }
                }
                bulk.flushCommands();
                count += await(sent);
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            bulk.setAutoFlushCommands(true);
        }
        return count;
    }

    @Override
    public void close() {
        bulk.close();
    }

    private static void bindEvent(PreparedStatement event, String key, long version, String json, long now, String tx)
            throws SQLException {
        event.setString(1, key);
        event.setLong(2, version);
        event.setString(3, json);
        event.setLong(4, now);
        event.setString(5, "bench-user");
        event.setString(6, "bench");
        event.setString(7, tx);
    }

    private static int await(List<RedisFuture<String>> futures) {
        if (!LettuceFutures.awaitAll(10, TimeUnit.SECONDS, futures.toArray(RedisFuture[]::new))) {
            throw new IllegalStateException("Redis did not answer within 10 s");
        }
        return futures.size();
    }

    private static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
