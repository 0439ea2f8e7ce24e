package org.statekeeper.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module map of DESIGN.md as rules over the library's classes: arrows point one way (api ← core ←
 * cdi/se ← websocket ← admin, cdi ← health; api ← redis, api ← jpa-log), the plugins use only the SPI, nothing in the
 * API or the core knows Redis, JPA or CDI, and nothing uses Java's native serialization.
 */
@AnalyzeClasses(packages = "org.statekeeper", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String API = "org.statekeeper";
    private static final String SPI = "org.statekeeper.spi..";
    private static final String CORE = "org.statekeeper.core..";
    private static final String REDIS = "org.statekeeper.redis..";
    private static final String JPA = "org.statekeeper.jpa..";
    private static final String CDI = "org.statekeeper.cdi..";
    private static final String SE = "org.statekeeper.se..";
    private static final String WEBSOCKET = "org.statekeeper.websocket..";
    private static final String ADMIN = "org.statekeeper.admin..";
    private static final String TESTING = "org.statekeeper.testing..";
    private static final String HEALTH = "org.statekeeper.health..";

    @ArchTest
    static final ArchRule noJavaSerialization = noClasses().should().dependOnClassesThat()
            .haveFullyQualifiedName("java.io.ObjectInputStream")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectOutputStream")
            .because("stored bytes must never choose which class is instantiated (values are JSON-B)");

    @ArchTest
    static final ArchRule theApiKnowsOnlyItself = noClasses().that().resideInAnyPackage(API, SPI).should()
            .dependOnClassesThat().resideInAnyPackage(CORE, REDIS, JPA, CDI, SE, WEBSOCKET, ADMIN, TESTING, HEALTH,
                    "io.lettuce..", "jakarta.persistence..", "jakarta.enterprise..", "jakarta.inject..")
            .because("state-api is what users and plugin authors compile against");

    @ArchTest
    static final ArchRule theCoreKnowsNeitherRedisNorJpaNorCdi = noClasses().that().resideInAPackage(CORE).should()
            .dependOnClassesThat().resideInAnyPackage(REDIS, JPA, CDI, SE, WEBSOCKET, ADMIN, HEALTH, "io.lettuce..",
                    "jakarta.persistence..", "jakarta.enterprise..", "jakarta.inject..", "org.eclipse.microprofile..",
                    "io.micrometer..")
            .because("the engine is container-free and finds its store and log through the SPI");

    @ArchTest
    static final ArchRule theRedisPluginUsesOnlyTheSpi = noClasses().that().resideInAPackage(REDIS).should()
            .dependOnClassesThat().resideInAnyPackage(CORE, JPA, CDI, SE, WEBSOCKET, ADMIN, HEALTH)
            .because("a store plugin is found at run time and sees only state-api");

    @ArchTest
    static final ArchRule theJpaLogUsesOnlyTheSpi = noClasses().that().resideInAPackage(JPA).should()
            .dependOnClassesThat().resideInAnyPackage(CORE, REDIS, CDI, SE, WEBSOCKET, ADMIN, HEALTH)
            .because("the log implementation sees only state-api");

    @ArchTest
    static final ArchRule theAdaptersNeverReachForRedis = noClasses().that().resideInAnyPackage(CDI, SE).should()
            .dependOnClassesThat().resideInAnyPackage(REDIS, "io.lettuce..", WEBSOCKET, ADMIN, HEALTH)
            .because("a WAR or program that uses the in-memory store carries no Redis client");

    @ArchTest
    static final ArchRule healthAndMetricsStayOutsideTheStoreAndTheLog = noClasses().that().resideInAPackage(HEALTH)
            .should().dependOnClassesThat().resideInAnyPackage(REDIS, JPA, SE, WEBSOCKET, ADMIN, "io.lettuce..",
                    "jakarta.persistence..")
            .because("state-health reads the monitor and the recorder, never the store's or the log's internals");

    @ArchTest
    static final ArchRule pushDoesNotKnowTheConsole = noClasses().that().resideInAPackage(WEBSOCKET).should()
            .dependOnClassesThat().resideInAnyPackage(ADMIN, REDIS, JPA, SE, HEALTH, "io.lettuce..")
            .because("arrows point one way: websocket ← admin");

    @ArchTest
    static final ArchRule theConsoleUsesThePublicApiAndThePushOnly = noClasses().that().resideInAPackage(ADMIN)
            .should().dependOnClassesThat().resideInAnyPackage(REDIS, JPA, SE, HEALTH, "io.lettuce..",
                    "jakarta.persistence..")
            .because("the console works through StateManager, StateAudit and StateMonitor, on any store and log");
}
