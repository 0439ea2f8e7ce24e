package org.statekeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.statekeeper.it.pg.OrderService;
import org.statekeeper.testing.support.RequiresDatabase;

/**
 * The contract with the log in the application's own persistence unit on MariaDB, the schema
 * created from the DDL shipped in state-jpa-log (as a Flyway user would), not by the provider.
 */
@RequiresDatabase(variable = MariaDbIT.URL_VARIABLE, prefix = "jdbc:mariadb:", example = "jdbc:mariadb://127.0.0.1:3306/test?user=root")
public class MariaDbIT extends StateManagerContract {

    static final String URL_VARIABLE = "STATEKEEPER_TEST_MARIADB_URL";
    private static final String DATABASE = "statekeeper_it";

    @Inject
    OrderService orders;

    @Deployment
    public static WebArchive deployment() throws Exception {
        String base = System.getenv(URL_VARIABLE);
        String ddl;
        try (InputStream in = MariaDbIT.class.getResourceAsStream("/META-INF/statekeeper/schema-mariadb.sql")) {
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE);
            s.execute("USE " + DATABASE);
            for (String statement : ddl.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
            s.execute("CREATE TABLE it_purchase_order (id VARCHAR(255) PRIMARY KEY) ENGINE=InnoDB");
        }
        String url = base.replaceFirst("(jdbc:mariadb://[^/]+/)[^?]*", "$1" + DATABASE);
        return Deployments.applicationUnitWar("statekeeper-mariadb", "", "org.mariadb.jdbc.MariaDbDataSource", url, false);
    }

    @Test
    void businessRowAndStateChangeRollBackTogetherOnMariaDb() {
        String order = UUID.randomUUID().toString();
        String key = key("order-refused");

        assertThrows(EJBException.class, () -> orders.place(order, key, true));

        assertFalse(orders.orderExists(order));
        assertEquals(Optional.empty(), state.get(key, String.class));
        assertEquals(0, orders.eventRowsInApplicationDatabase(key));
    }

    @Test
    void keysDifferingOnlyInCaseAreDifferentKeysOnMariaDb() {
        String key = key("Case");
        state.set(key, "upper");
        state.set(key.toLowerCase(), "lower");

        assertEquals(Optional.of("upper"), state.get(key, String.class));
        assertEquals(Optional.of("lower"), state.get(key.toLowerCase(), String.class));
        assertTrue(orders.eventRowsInApplicationDatabase(key) == 1);
    }
}
