package org.statekeeper.testing.support;

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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.statekeeper.testing.log.LogTables;

/**
 * A real database (H2 in memory, or a schema of its own on a PostgreSQL or MariaDB server named by
 * {@value #PG_ENV} or {@value #MARIADB_ENV}) for the JPA log, with the schema shipped in
 * {@code state-jpa-log} and plain-JDBC access to its rows: assertions read rows through JDBC rather
 * than through the entities, so a mapping mistake cannot hide itself by reading back what it wrote
 * wrongly. {@link #startHibernate()} and {@link #startEclipseLink()} open this module's
 * {@code RESOURCE_LOCAL} units (META-INF/persistence.xml) on it; the providers and drivers are the
 * test's dependencies.
 */
public final class TestDatabase implements LogTables, AutoCloseable {

    /** The environment variable naming a PostgreSQL database the tests may create schemas in. */
    public static final String PG_ENV = "STATEKEEPER_TEST_PG_URL";
    /** The environment variable naming a MariaDB server the tests may create databases on. */
    public static final String MARIADB_ENV = "STATEKEEPER_TEST_MARIADB_URL";
    /** The schema (PostgreSQL) or database (MariaDB) the log module's contracts use. */
    public static final String PG_SCHEMA = "sk_jpa_test";
    private static final long RAW_SEQUENCE_BASE = 1_000_000_000_000L;
    private static final AtomicLong RAW_SEQUENCES = new AtomicLong();
    /** The standard's unique_violation; H2 and PostgreSQL report it. */
    private static final Predicate<SQLException> UNIQUE_VIOLATION = e -> "23505".equals(e.getSQLState());
    /** MariaDB reports only the class (integrity constraint violation), so its error code tells. */
    private static final Predicate<SQLException> MARIADB_DUPLICATE_KEY =
            e -> "23000".equals(e.getSQLState()) && e.getErrorCode() == 1062;
    private static final Pattern MARIADB_URL = Pattern.compile("(jdbc:mariadb://[^/?]+)/?([^?]*)(.*)");

    private final String url;
    private final String ddlResource;
    private final Predicate<SQLException> duplicateKey;
    private final Runnable dispose;

    private TestDatabase(String url, String ddlResource, Predicate<SQLException> duplicateKey, Runnable dispose) {
        this.url = url;
        this.ddlResource = ddlResource;
        this.duplicateKey = duplicateKey;
        this.dispose = dispose;
    }

    /** A private in-memory H2 database that lives until {@link #close()}. */
    public static TestDatabase h2() {
        // A unique name per test class: two classes must never share state through a named mem db.
        String url = "jdbc:h2:mem:sk_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        return new TestDatabase(url, "/META-INF/statekeeper/schema-h2.sql", UNIQUE_VIOLATION, () -> {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * A freshly (re)created schema in the PostgreSQL database at {@code baseUrl}, held exclusively
     * until {@link #close()}.
     */
    public static TestDatabase postgresql(String baseUrl, String schema) {
        Connection guard = exclusive(baseUrl, schema);
        execute(baseUrl, "DROP SCHEMA IF EXISTS " + schema + " CASCADE", "CREATE SCHEMA " + schema);
        String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        // The schema is kept after the run so a failure can be inspected; the next run drops it.
        return new TestDatabase(url, "/META-INF/statekeeper/schema-postgresql.sql", UNIQUE_VIOLATION, () -> close(guard));
    }

    /**
     * A freshly (re)created database named {@code database} on the MariaDB server of {@code baseUrl},
     * held exclusively until {@link #close()}. Its default collation is deliberately the
     * case-insensitive one most servers default to: the shipped DDL must make keys exact by itself.
     */
    public static TestDatabase mariadb(String baseUrl, String database) {
        Matcher parts = MARIADB_URL.matcher(baseUrl);
        if (!parts.matches()) {
            throw new IllegalArgumentException("Not a jdbc:mariadb://host:port/db?... URL: " + baseUrl);
        }
        Connection guard = mariadbExclusive(baseUrl, database);
        execute(baseUrl, "DROP DATABASE IF EXISTS " + database,
                "CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
        String url = parts.group(1) + "/" + database + parts.group(3);
        // Kept after the run so a failure can be inspected; the next run drops it.
        return new TestDatabase(url, "/META-INF/statekeeper/schema-mariadb.sql", MARIADB_DUPLICATE_KEY, () -> close(guard));
    }

    /**
     * Two builds pointed at the same database (a shared CI server, a developer running the reactor
     * twice) would otherwise drop each other's schema mid-run and fail at random; a session-level
     * advisory lock per schema makes the second one wait instead.
     */
    private static Connection exclusive(String baseUrl, String schema) {
        try {
            Connection guard = DriverManager.getConnection(baseUrl);
            try (Statement s = guard.createStatement()) {
                s.execute("SET lock_timeout = '10min'");
                s.execute("SELECT pg_advisory_lock(hashtext('statekeeper-test:" + schema + "'))");
            }
            return guard;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not lock test schema " + schema + " at " + baseUrl + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #exclusive(String, String)}, with MariaDB's named session lock. */
    private static Connection mariadbExclusive(String baseUrl, String database) {
        try {
            Connection guard = DriverManager.getConnection(baseUrl);
            try (Statement s = guard.createStatement();
                    ResultSet rs = s.executeQuery("SELECT GET_LOCK('statekeeper-test:" + database + "', 600)")) {
                rs.next();
                if (rs.getInt(1) != 1) {
                    guard.close();
                    throw new SQLException("GET_LOCK timed out after 10 minutes");
                }
            }
            return guard;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not lock test database " + database + " at " + baseUrl + ": " + e.getMessage(), e);
        }
    }

    private static void close(Connection guard) {
        try {
            guard.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDBC URL Hibernate connects with. */
    public String url() {
        return url;
    }

    /** Starts Hibernate on this database with the test unit, which validates the schema against the entities. */
    public EntityManagerFactory startHibernate() {
        // 8 concurrent writers may each hold two connections (their transaction and the
        // requiresNew that creates a new key's head row); a smaller pool could starve them.
        return Persistence.createEntityManagerFactory("statekeeper-test", Map.of(
                "jakarta.persistence.jdbc.url", url,
                "hibernate.connection.pool_size", "64"));
    }

    /** Starts EclipseLink (Payara's provider) on this database, with a pool as large as Hibernate's. */
    public EntityManagerFactory startEclipseLink() {
        return Persistence.createEntityManagerFactory("statekeeper-test-eclipselink", Map.of(
                "jakarta.persistence.jdbc.url", url,
                "eclipselink.connection-pool.default.initial", "1",
                "eclipselink.connection-pool.default.max", "64"));
    }

    /** Runs the DDL file shipped in the main jar, statement by statement, exactly as a user would. */
    public TestDatabase withShippedSchema() {
        execute(url, statements(shippedDdl()).toArray(String[]::new));
        return this;
    }

    /** Returns the DDL script shipped for this database. */
    public String shippedDdl() {
        try (InputStream in = TestDatabase.class.getResourceAsStream(ddlResource)) {
            if (in == null) {
                throw new IllegalStateException(ddlResource + " is not on the classpath: the shipped DDL is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether this database reported a duplicate key (its unique or primary key rejected a row). */
    public boolean isDuplicateKey(SQLException e) {
        return duplicateKey.test(e);
    }

    /** Removes every row, so each test counts only its own events. */
    @Override
    public void deleteAllRows() {
        execute(url, "DELETE FROM sk_event", "DELETE FROM sk_head", "DELETE FROM sk_node");
    }

    /** Returns the event rows whose key starts with {@code prefix}, in sequence order. */
    public List<EventRow> eventsWithPrefix(String prefix) {
        List<EventRow> rows = new ArrayList<>();
        query("SELECT seq, state_key, version_no, change_type, value_json, time_us, principal, node_id, tx_id"
                + " FROM sk_event WHERE state_key LIKE ? ORDER BY seq", prefix + "%",
                rs -> rows.add(new EventRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9))));
        return rows;
    }

    @Override
    public List<EventRow> events(String key) {
        List<EventRow> rows = new ArrayList<>();
        query("SELECT seq, state_key, version_no, change_type, value_json, time_us, principal, node_id, tx_id"
                + " FROM sk_event WHERE state_key = ? ORDER BY seq", key, rs -> rows.add(new EventRow(
                        rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9))));
        return rows;
    }

    @Override
    public Optional<HeadRow> head(String key) {
        List<HeadRow> rows = new ArrayList<>();
        query("SELECT state_key, version_no, value_json, time_us FROM sk_head WHERE state_key = ?", key,
                rs -> rows.add(new HeadRow(rs.getString(1), rs.getLong(2), rs.getString(3),
                        rs.getObject(4, Long.class))));
        return rows.stream().findFirst();
    }

    @Override
    public List<HeadRow> heads() {
        List<HeadRow> rows = new ArrayList<>();
        query("SELECT state_key, version_no, value_json, time_us FROM sk_head ORDER BY state_key", null,
                rs -> rows.add(new HeadRow(rs.getString(1), rs.getLong(2), rs.getString(3),
                        rs.getObject(4, Long.class))));
        return rows;
    }

    /**
     * Inserts an event row behind the log's back; throws what the database throws. The sequence
     * number is given explicitly (far above any the log assigns) so only (key, version) can clash.
     */
    public void insertRawEvent(String key, long version) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement ps = c.prepareStatement("INSERT INTO sk_event (seq, state_key, version_no, change_type,"
                        + " value_json, time_us, principal, node_id, tx_id) VALUES (?, ?, ?, 'SET', '\"raw\"', 0, 'raw', 'raw', 'raw')")) {
            ps.setLong(1, RAW_SEQUENCE_BASE + RAW_SEQUENCES.incrementAndGet());
            ps.setString(2, key);
            ps.setLong(3, version);
            ps.executeUpdate();
        }
    }

    @Override
    public void close() {
        dispose.run();
    }

    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private void query(String sql, String key, RowHandler handler) {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(sql)) {
            if (key != null) {
                ps.setString(1, key);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void execute(String url, String... sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the test database at " + url + ": " + e.getMessage(), e);
        }
    }

    /** Splits a DDL script on the semicolons ending its statements; the shipped files hold no procedural code. */
    public static List<String> statements(String script) {
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
