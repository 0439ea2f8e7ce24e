package org.statekeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import java.io.File;
import java.util.Optional;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.statekeeper.it.pg.OrderService;

/**
 * The contract on Payara with Hibernate ORM bundled in the WAR instead of Payara's EclipseLink, as
 * some users deploy: the log in the application's Hibernate unit on the default datasource. The
 * properties it needs are the README's, set by the application, not by Statekeeper's jars.
 */
@EnabledIf(value = "onPayara",
        disabledReason = "WildFly's own provider is Hibernate already; this bundles Hibernate into Payara")
public class PayaraHibernateIT extends StateManagerContract {

    /** Decided on the client, where the failsafe execution names the server; inside the server it is always Payara. */
    static boolean onPayara() {
        String launch = System.getProperty("arquillian.launch");
        return launch == null || launch.equals("payara-micro");
    }

    @Inject
    OrderService orders;

    @Deployment
    public static WebArchive deployment() {
        String persistenceXml = """
                <persistence xmlns="https://jakarta.ee/xml/ns/persistence" version="3.0">
                  <persistence-unit name="app" transaction-type="JTA">
                    <provider>org.hibernate.jpa.HibernatePersistenceProvider</provider>
                    <jta-data-source>java:comp/DefaultDataSource</jta-data-source>
                    <class>org.statekeeper.it.pg.PurchaseOrder</class>
                    <class>org.statekeeper.jpa.StateEventEntity</class>
                    <class>org.statekeeper.jpa.StateHeadEntity</class>
                    <class>org.statekeeper.jpa.StateNodeEntity</class>
                    <exclude-unlisted-classes>true</exclude-unlisted-classes>
                    <properties>
                      <property name="jakarta.persistence.schema-generation.database.action" value="drop-and-create"/>
                      <property name="hibernate.transaction.jta.platform"
                                value="org.hibernate.engine.transaction.jta.platform.internal.SunOneJtaPlatform"/>
                      <property name="hibernate.enhancer.enableDirtyTracking" value="false"/>
                      <property name="hibernate.enhancer.enableLazyInitialization" value="false"/>
                      <property name="hibernate.enhancer.enableAssociationManagement" value="false"/>
                    </properties>
                  </persistence-unit>
                </persistence>
                """;
        File[] hibernate = new File(System.getProperty("statekeeper.hibernateLib", "target/hibernate-lib"))
                .listFiles((d, n) -> n.endsWith(".jar"));
        return Deployments.contractWar("statekeeper-payara-hibernate", "")
                .addPackage(OrderService.class.getPackage())
                .addAsLibraries(hibernate)
                .addAsWebInfResource(new StringAsset("<payara-web-app><class-loader delegate=\"false\"/></payara-web-app>"),
                        "payara-web.xml")
                .addAsResource(new StringAsset(persistenceXml), "META-INF/persistence.xml");
    }

    @Test
    void businessRowAndStateChangeRollBackTogetherWithHibernateOnPayara() {
        String order = UUID.randomUUID().toString();
        String key = key("order-refused");

        assertThrows(EJBException.class, () -> orders.place(order, key, true));

        assertFalse(orders.orderExists(order));
        assertEquals(Optional.empty(), state.get(key, String.class));
        assertEquals(0, orders.eventRowsInApplicationDatabase(key));
    }
}
