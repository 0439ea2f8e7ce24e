package org.statekeeper.se;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real database holding a fresh copy of the shipped schema, and plain-JDBC reads of its rows, so
 * an assertion never trusts the code under test to report what it wrote.
 */
final class TestDatabase implements AutoCloseable {

    private final String url;
    private final String ddlResource;
    private final Runnable dispose;

    private TestDatabase(String url, String ddlResource, Runnable dispose) {
        this.url = url;
        this.ddlResource = ddlResource;
        this.dispose = dispose;
        execute(statements(read(ddlResource)).toArray(String[]::new));
    }

    /** A private in-memory H2 database with the shipped schema, living until {@link #close()}. */
    static TestDatabase h2() {
        String url = "jdbc:h2:mem:sk_se_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        return new TestDatabase(url, "/META-INF/statekeeper/schema-h2.sql", () -> {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * A freshly created schema with the shipped DDL in the PostgreSQL database at {@code baseUrl},
     * held exclusively (an advisory lock, so two builds on one server wait for each other instead of
     * dropping each other's schema) until {@link #close()}.
     */
    static TestDatabase postgresql(String baseUrl, String schema) {
        Connection guard;
        try {
            guard = DriverManager.getConnection(baseUrl);
            try (Statement s = guard.createStatement()) {
                s.execute("SET lock_timeout = '10min'");
                s.execute("SELECT pg_advisory_lock(hashtext('statekeeper-test:" + schema + "'))");
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                s.execute("CREATE SCHEMA " + schema);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare schema " + schema + " at " + baseUrl + ": " + e.getMessage(), e);
        }
        String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        // The schema is kept after the run so a failure can be inspected; the next run drops it.
        return new TestDatabase(url, "/META-INF/statekeeper/schema-postgresql.sql", () -> {
            try {
                guard.close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Starts Hibernate on this database with the test's resource-local unit. */
    EntityManagerFactory startHibernate() {
        // A writer may hold two connections at once: its transaction and the one creating a new key's head row.
        return Persistence.createEntityManagerFactory("statekeeper-se-test", Map.of(
                "jakarta.persistence.jdbc.url", url,
                "hibernate.connection.pool_size", "8"));
    }

    /** Removes every row, so each test counts only its own. */
    void deleteAllRows() {
        execute("DELETE FROM sk_event", "DELETE FROM sk_head");
    }

    /** Returns the number of event rows of {@code key}. */
    long eventCount(String key) {
        return longs("SELECT COUNT(*) FROM sk_event WHERE state_key = ?", key).get(0);
    }

    /** Returns the number of event rows whose key starts with {@code prefix}. */
    long eventCountLike(String prefix) {
        return longs("SELECT COUNT(*) FROM sk_event WHERE state_key LIKE ?", prefix + "%").get(0);
    }

    /** Returns the number of distinct transaction ids among the event rows whose key starts with {@code prefix}. */
    long transactionCountLike(String prefix) {
        return longs("SELECT COUNT(DISTINCT tx_id) FROM sk_event WHERE state_key LIKE ?", prefix + "%").get(0);
    }

    /** Returns the version of the key's head row, or empty when it has none. */
    List<Long> headVersion(String key) {
        return longs("SELECT version_no FROM sk_head WHERE state_key = ?", key);
    }

    @Override
    public void close() {
        dispose.run();
    }

    private List<Long> longs(String sql, String parameter) {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private void execute(String... sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the test database at " + url + ": " + e.getMessage(), e);
        }
    }

    private static String read(String resource) {
        try (InputStream in = TestDatabase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath: the shipped DDL is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits a DDL script on the semicolons ending its statements; the shipped files hold no procedural code. */
    private static List<String> statements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        for (String line : script.split("\\R")) {
            int comment = line.indexOf("--");
            withoutComments.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String statement : withoutComments.toString().split(";")) {
            if (!statement.isBlank()) {
                out.add(statement.strip());
            }
        }
        return out;
    }
}
