package org.statekeeper.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Builds the test WARs from this package and the library jars the build copied (state-*, driver). */
public final class Deployments {

    /** Annotated discovery: classes for other deployments may sit in the WAR without becoming beans. */
    private static final String BEANS_XML = """
            <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" bean-discovery-mode="annotated"/>
            """;

    /** A quick expiry sweep, so expiry tests wait for a fraction of a second, not the default second. */
    private static final String CONFIG = "state.expiry.sweep-interval=200ms\n";

    /** On WildFly, netty (inside Lettuce) needs jdk.unsupported for direct buffers; other servers ignore this file. */
    private static final String JBOSS_DEPLOYMENT_STRUCTURE = """
            <jboss-deployment-structure>
              <deployment>
                <dependencies>
                  <module name="jdk.unsupported"/>
                </dependencies>
              </deployment>
            </jboss-deployment-structure>
            """;

    private Deployments() {
    }

    /**
     * Returns a WAR holding the contract tests, their beans and Statekeeper's jars.
     *
     * @param name the archive name
     * @return the archive, ready for more classes and descriptors
     */
    public static WebArchive contractWar(String name) {
        return contractWar(name, "");
    }

    /**
     * Returns the contract WAR with {@code extraConfig} (properties lines) added to its MicroProfile Config.
     *
     * @param name the archive name
     * @param extraConfig more configuration properties, one per line
     * @return the archive
     */
    public static WebArchive contractWar(String name, String extraConfig) {
        return contractWar(name, extraConfig, libraries());
    }

    /**
     * Returns the contract WAR with {@code extraConfig} and the given jars in {@code WEB-INF/lib}.
     *
     * @param name the archive name
     * @param extraConfig more configuration properties, one per line
     * @param libraries the jars, such as {@link #cdiLibraries()} for a WAR without the Redis plugin
     * @return the archive
     */
    public static WebArchive contractWar(String name, String extraConfig, File[] libraries) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addPackage(StateManagerContract.class.getPackage())
                .addPackage(org.statekeeper.testing.workload.MixedWorkload.class.getPackage())
                .addAsLibraries(libraries)
                .addAsWebInfResource(new StringAsset(BEANS_XML), "beans.xml")
                .addAsWebInfResource(new StringAsset(JBOSS_DEPLOYMENT_STRUCTURE), "jboss-deployment-structure.xml")
                .addAsResource(new StringAsset(CONFIG + extraConfig), "META-INF/microprofile-config.properties");
    }

    /**
     * Returns the contract WAR with the log in the application's own persistence unit {@code app}
     * (with the business entity of the pg package) on a datasource the WAR defines, as the README
     * tells users to set it up.
     *
     * @param name the archive name
     * @param extraConfig more configuration properties, one per line
     * @param dataSourceClass the JDBC driver's DataSource class
     * @param url the JDBC URL
     * @param createSchema whether the provider creates the tables (else the test created them)
     * @return the archive
     */
    public static WebArchive applicationUnitWar(String name, String extraConfig, String dataSourceClass, String url,
            boolean createSchema) {
        String webXml = """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <data-source>
                    <name>java:app/jdbc/statekeeper-it</name>
                    <class-name>%s</class-name>
                    <url>%s</url>
                    <transactional>true</transactional>
                    <max-pool-size>32</max-pool-size>
                  </data-source>
                </web-app>
                """.formatted(dataSourceClass, url.replace("&", "&amp;"));
        String persistenceXml = """
                <persistence xmlns="https://jakarta.ee/xml/ns/persistence" version="3.0">
                  <persistence-unit name="app" transaction-type="JTA">
                    <jta-data-source>java:app/jdbc/statekeeper-it</jta-data-source>
                    <class>org.statekeeper.it.pg.PurchaseOrder</class>
                    <class>org.statekeeper.jpa.StateEventEntity</class>
                    <class>org.statekeeper.jpa.StateHeadEntity</class>
                    <class>org.statekeeper.jpa.StateNodeEntity</class>
                    <exclude-unlisted-classes>true</exclude-unlisted-classes>
                    <properties>
                      <property name="jakarta.persistence.schema-generation.database.action" value="%s"/>
                    </properties>
                  </persistence-unit>
                </persistence>
                """.formatted(createSchema ? "create" : "none");
        return contractWar(name, extraConfig)
                .addPackage(org.statekeeper.it.pg.OrderService.class.getPackage())
                .addAsWebInfResource(new StringAsset(webXml), "web.xml")
                .addAsResource(new StringAsset(persistenceXml), "META-INF/persistence.xml");
    }

    /**
     * Returns the jars of a WAR that uses Redis: those of {@link #cdiLibraries()} and the Redis store
     * plugin with its client (Lettuce, Netty, Reactor).
     *
     * @return the library files
     */
    public static File[] libraries() {
        File[] cdi = cdiLibraries();
        File[] redis = jars(System.getProperty("statekeeper.redisLib", "target/war-lib-redis"));
        File[] all = java.util.Arrays.copyOf(cdi, cdi.length + redis.length);
        System.arraycopy(redis, 0, all, cdi.length, redis.length);
        return all;
    }

    /**
     * Returns the push module's jar ({@code state-websocket}), for WARs that push changes to browsers.
     *
     * @return the library files
     */
    public static File[] websocketLibraries() {
        return jars(System.getProperty("statekeeper.websocketLib", "target/war-lib-websocket"));
    }

    /**
     * Returns the console module's jar ({@code state-admin}).
     *
     * @return the library files
     */
    public static File[] adminLibraries() {
        return jars(System.getProperty("statekeeper.adminLib", "target/war-lib-admin"));
    }

    /**
     * Returns the health and metrics module's jar ({@code state-health}).
     *
     * @return the library files
     */
    public static File[] healthLibraries() {
        return jars(System.getProperty("statekeeper.healthLib", "target/war-lib-health"));
    }

    /**
     * Returns the jars of a WAR that depends on {@code state-cdi} alone (with its transitive
     * dependencies) and the JDBC drivers: no store plugin.
     *
     * @return the library files
     */
    public static File[] cdiLibraries() {
        return jars(System.getProperty("statekeeper.warLib", "target/war-lib"));
    }

    private static File[] jars(String dir) {
        File[] jars = new File(dir).listFiles((d, n) -> n.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("No library jars in " + dir + ": run through Maven (mvn verify)");
        }
        return jars;
    }
}
