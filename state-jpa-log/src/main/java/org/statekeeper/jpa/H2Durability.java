package org.statekeeper.jpa;

import jakarta.persistence.EntityManager;
import java.lang.System.Logger.Level;

/**
 * Makes an H2 log crash-durable. H2 by default writes commits to disk up to 500 ms late
 * ({@code WRITE_DELAY}), so a killed server would lose changes whose calls had returned; the
 * servers' default datasources are H2, which makes this the zero-configuration case.
 */
public final class H2Durability {

    private static final System.Logger LOG = System.getLogger(H2Durability.class.getName());

    private H2Durability() {
    }

    /**
     * Turns H2's write delay off when the entity manager's database is H2; does nothing elsewhere.
     * Must run in a transaction of its own.
     *
     * @param em an entity manager on the log's datasource
     * @return whether the database is H2 and its write delay was set to 0
     */
    public static boolean ensure(EntityManager em) {
        // A query every database answers without error: only H2 has INFORMATION_SCHEMA.SETTINGS.
        Number h2 = (Number) em.createNativeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                + " WHERE TABLE_SCHEMA = 'INFORMATION_SCHEMA' AND TABLE_NAME = 'SETTINGS'").getSingleResult();
        if (h2.intValue() == 0) {
            return false;
        }
        em.createNativeQuery("SET WRITE_DELAY 0").executeUpdate();
        LOG.log(Level.INFO, "SK0301 Statekeeper log is on H2: WRITE_DELAY set to 0 so every commit is on disk when it returns");
        return true;
    }
}
