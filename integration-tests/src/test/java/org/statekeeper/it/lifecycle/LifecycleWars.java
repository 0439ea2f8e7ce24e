package org.statekeeper.it.lifecycle;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.statekeeper.it.Deployments;

/** Builds the small WARs the process-level tests start: a servlet over the StateManager, and Statekeeper's jars. */
final class LifecycleWars {

    /** Per server, so the logs of the Payara and the WildFly run of one build do not overwrite each other. */
    static final Path WORK = Path.of("target", "lifecycle", System.getProperty("arquillian.launch", "payara-micro"));

    private LifecycleWars() {
    }

    /** Writes {@code name}.war with {@code microprofileConfig} (may be null) and returns its absolute path. */
    static Path build(String name, String microprofileConfig) throws Exception {
        return build(name, microprofileConfig, Deployments.libraries());
    }

    /** Like {@link #build(String, String)} with the given jars in WEB-INF/lib. */
    static Path build(String name, String microprofileConfig, java.io.File[] libraries) throws Exception {
        return export(archive(name, microprofileConfig, libraries), name);
    }

    private static WebArchive archive(String name, String microprofileConfig, java.io.File[] libraries) {
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(StateServlet.class, ObservedChanges.class, HeldTransaction.class)
                .addAsLibraries(libraries)
                .addAsWebInfResource(new StringAsset(
                        "<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\" bean-discovery-mode=\"annotated\"/>"),
                        "beans.xml")
                .addAsWebInfResource(new StringAsset("<jboss-deployment-structure><deployment><dependencies>"
                        + "<module name=\"jdk.unsupported\"/></dependencies></deployment></jboss-deployment-structure>"),
                        "jboss-deployment-structure.xml");
        if (microprofileConfig != null) {
            war.addAsResource(new StringAsset(microprofileConfig), "META-INF/microprofile-config.properties");
        }
        return war;
    }

    private static Path export(WebArchive war, String name) throws Exception {
        Files.createDirectories(WORK);
        Path file = WORK.resolve(name + ".war");
        war.as(ZipExporter.class).exportTo(file.toFile(), true);
        return file.toAbsolutePath();
    }

    /**
     * Like {@link #build(String, String)}, logging to the application's own persistence unit on the
     * PostgreSQL database at {@code url}, whose tables the test created: several server processes share it.
     */
    static Path buildOnPostgres(String name, String microprofileConfig, String url) throws Exception {
        return export(Deployments.applicationUnitWar(name, microprofileConfig, "org.postgresql.ds.PGSimpleDataSource",
                url, false).addClasses(StateServlet.class, ObservedChanges.class, HeldTransaction.class), name);
    }

    /**
     * Like {@link #buildOnPostgres}, with the push module and the test page of the browser suites
     * ({@code live.html}, which follows the prefix in its {@code ?prefix=} through the push client).
     */
    static Path buildPushOnPostgres(String name, String microprofileConfig, String url) throws Exception {
        return export(Deployments.applicationUnitWar(name, microprofileConfig, "org.postgresql.ds.PGSimpleDataSource",
                url, false).addClasses(StateServlet.class, ObservedChanges.class, HeldTransaction.class)
                .addAsLibraries(Deployments.websocketLibraries())
                // Jakarta Security: the X-Test-User header logs a caller in with the role "user".
                .addClass(org.statekeeper.it.principal.HeaderAuthentication.class)
                .addAsWebInfResource(new org.jboss.shrinkwrap.api.asset.StringAsset(
                        "<jboss-web><security-domain>other</security-domain></jboss-web>"), "jboss-web.xml")
                .addAsWebResource("live-page/live.html", "live.html")
                .addAsWebResource("live-page/live-test.js", "live-test.js"), name);
    }

    /**
     * Writes a WAR with the operator console, the push module and the test login ({@code test-user}
     * cookie), logging to the server's default datasource, and returns its absolute path.
     */
    static Path buildConsole(String name, String microprofileConfig) throws Exception {
        java.io.File[] libraries = java.util.stream.Stream.of(Deployments.libraries(), Deployments.websocketLibraries(),
                Deployments.adminLibraries()).flatMap(java.util.Arrays::stream).toArray(java.io.File[]::new);
        return export(archive(name, microprofileConfig, libraries)
                .addClass(org.statekeeper.it.principal.HeaderAuthentication.class)
                .addAsWebInfResource(new StringAsset("<jboss-web><security-domain>other</security-domain></jboss-web>"),
                        "jboss-web.xml"), name);
    }

    /** Returns a new empty directory for a server's runtime (and so its default H2 database). */
    static Path newRootDir() throws Exception {
        return Files.createTempDirectory(Files.createDirectories(WORK), "root-");
    }
}
