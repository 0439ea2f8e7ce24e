package org.statekeeper.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.statekeeper.jpa.StateEventEntity;
import org.statekeeper.se.StateManagers;
import org.statekeeper.se.StatekeeperSe;

/**
 * The servers a benchmark fork uses, set up the same way for our side and the baseline: one pooled
 * DataSource on a dedicated PostgreSQL schema created from the shipped DDL (Hibernate and the JDBC
 * baseline draw from the same pool), and Redis keys under {@link #KEY_ROOT} only.
 */
final class Infra implements AutoCloseable {

    /** Every Redis key the benchmarks write starts with this; removed at setup and teardown. */
    static final String KEY_ROOT = "skbench:";
    /** Our store's key prefix. */
    static final String OURS_PREFIX = KEY_ROOT + "ours:";
    /** The hand-written baselines' key prefix. */
    static final String BASELINE_PREFIX = KEY_ROOT + "base:";
    static final String SCHEMA = "sk_bench";

    static final String REDIS_URI = env("STATEKEEPER_TEST_REDIS_URI", "redis://127.0.0.1:6379");
    static final String PG_URL = env("STATEKEEPER_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    final Jsonb jsonb = JsonbBuilder.create();
    final HikariDataSource dataSource;
    final EntityManagerFactory factory;
    final StatekeeperSe se;
    final RedisClient lettuce;
    final StatefulRedisConnection<String, String> redis;

    /**
     * Recreates the schema, cleans the benchmark keys and starts everything.
     *
     * @param poolSize the most connections the pool opens (our writers may hold two at once)
     */
    Infra(int poolSize) {
        this(poolSize, Map.of());
    }

    /**
     * Like {@link #Infra(int)}, our side configured with {@code properties} besides the defaults.
     *
     * @param poolSize the most connections the pool opens
     * @param properties further Statekeeper properties, e.g. {@code state.near-cache=on}
     */
    Infra(int poolSize, Map<String, String> properties) {
        dataSource = pool(poolSize);
        recreateSchema();
        lettuce = RedisClient.create(RedisURI.create(REDIS_URI));
        redis = lettuce.connect();
        removeKeys();
        factory = Persistence.createEntityManagerFactory("statekeeper-bench",
                Map.of("jakarta.persistence.nonJtaDataSource", dataSource));
        StateManagers.Builder builder = StateManagers.builder();
        properties.forEach(builder::property);
        se = builder
                .entityManagerFactory(factory)
                .redis(REDIS_URI)
                .property("state.redis.key-prefix", OURS_PREFIX)
                .property("state.redis.timeout", "10s")
                .nodeId("bench")
                .principal(() -> "bench-user")
                .build();
    }

    /** Runs SQL on a pooled connection in auto-commit mode. */
    void sql(String... statements) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            se.close();
            factory.close();
            removeKeys();
            redis.close();
            lettuce.shutdown();
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            } finally {
                dataSource.close();
            }
        }
    }

    private static HikariDataSource pool(int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setPoolName("bench");
        return new HikariDataSource(config);
    }

    private void recreateSchema() {
        List<String> ddl = new ArrayList<>(List.of("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "CREATE SCHEMA " + SCHEMA));
        ddl.addAll(statements(shippedDdl()));
        sql(ddl.toArray(String[]::new));
    }

    /** Removes every benchmark key with SCAN and UNLINK: a shared Redis is never flushed. */
    private void removeKeys() {
        var commands = redis.sync();
        ScanIterator<String> keys = ScanIterator.scan(commands, ScanArgs.Builder.matches(KEY_ROOT + "*").limit(1000));
        List<String> batch = new ArrayList<>();
        while (keys.hasNext()) {
            batch.add(keys.next());
            if (batch.size() == 1000) {
                commands.unlink(batch.toArray(String[]::new));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            commands.unlink(batch.toArray(String[]::new));
        }
    }

    private static String shippedDdl() {
        String resource = "/META-INF/statekeeper/schema-postgresql.sql";
        try (InputStream in = StateEventEntity.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from state-jpa-log");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> statements(String script) {
        StringBuilder code = new StringBuilder();
        for (String line : script.split("\\R")) {
            int comment = line.indexOf("--");
            code.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String statement : code.toString().split(";")) {
            if (!statement.isBlank()) {
                out.add(statement.strip());
            }
        }
        return out;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
