package org.statekeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
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
 * The contract with the log in the application's own PostgreSQL datasource and persistence unit,
 * plus the reason to do that: business rows and state changes commit or roll back together.
 */
@RequiresDatabase(variable = PostgresIT.URL_VARIABLE, prefix = "jdbc:postgresql:", example = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres")
public class PostgresIT extends StateManagerContract {

    static final String URL_VARIABLE = "STATEKEEPER_TEST_PG_URL";

    @Inject
    OrderService orders;

    /** Every run gets an empty schema of its own, so the tables always match this build's entities. */
    static final String SCHEMA = "statekeeper_it";

    @Deployment
    public static WebArchive deployment() throws Exception {
        return war("statekeeper-postgres", "", SCHEMA);
    }

    /**
     * Returns the contract WAR logging to the application's own persistence unit on PostgreSQL, in
     * {@code schema} (dropped and created anew), with {@code extraConfig} added.
     */
    static WebArchive war(String name, String extraConfig, String schema) throws Exception {
        String base = System.getenv(URL_VARIABLE);
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        }
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return Deployments.applicationUnitWar(name, extraConfig, "org.postgresql.ds.PGSimpleDataSource", url, true);
    }

    @Test
    void businessRowAndStateChangeCommitTogetherInTheApplicationDatabase() {
        String order = UUID.randomUUID().toString();
        String key = key("order");

        orders.place(order, key, false);

        assertTrue(orders.orderExists(order));
        assertEquals(Optional.of(order), state.get(key, String.class));
        assertEquals(1, orders.eventRowsInApplicationDatabase(key), "the event row is in the application's database");
    }

    @Test
    void businessRowAndStateChangeRollBackTogether() {
        String order = UUID.randomUUID().toString();
        String key = key("order-refused");

        assertThrows(EJBException.class, () -> orders.place(order, key, true));

        assertFalse(orders.orderExists(order));
        assertEquals(Optional.empty(), state.get(key, String.class));
        assertEquals(0, orders.eventRowsInApplicationDatabase(key));
    }
}
