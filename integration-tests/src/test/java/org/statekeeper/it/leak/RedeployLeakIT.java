package org.statekeeper.it.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.statekeeper.it.Deployments;
import org.statekeeper.it.TestRedisServer;
import org.statekeeper.it.lifecycle.LifecycleServlets;

/**
 * Undeploying an application that uses the Redis store must leave none of its client's threads
 * behind (a redeploy would otherwise leak a thread pool each time). Needs a server that outlives
 * one deployment, so it runs on WildFly.
 */
@ExtendWith(ArquillianExtension.class)
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "wildfly",
        disabledReason = "Payara Micro's Arquillian adapter starts one server per deployment; runs on WildFly")
public class RedeployLeakIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String APP = "redis-app";

    @ArquillianResource
    Deployer deployer;

    /** Stays deployed: it watches the server's threads while the other application comes and goes. */
    @Deployment(name = "probe")
    public static WebArchive probe() {
        return ShrinkWrap.create(WebArchive.class, "probe.war").addClass(ThreadsServlet.class);
    }

    @Deployment(name = APP, managed = false)
    public static WebArchive redisApplication() {
        String config = "state.redis.uri=" + TestRedisServer.sharedUri() + "\n"
                + "state.redis.key-prefix=leak-" + UUID.randomUUID().toString().substring(0, 8) + ":\n";
        return LifecycleServlets.addTo(ShrinkWrap.create(WebArchive.class, APP + ".war"))
                .addAsLibraries(Deployments.libraries())
                .addAsWebInfResource(new StringAsset(
                        "<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\" bean-discovery-mode=\"annotated\"/>"),
                        "beans.xml")
                .addAsResource(new StringAsset(config), "META-INF/microprofile-config.properties");
    }

    private static List<String> redisThreads(URL probe) throws Exception {
        String names = HTTP.send(HttpRequest.newBuilder(probe.toURI().resolve("threads")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return Arrays.stream(names.split("\n")).filter(n -> n.startsWith("lettuce-")).toList();
    }

    @Test
    @RunAsClient
    void undeployingAnApplicationLeavesNoneOfItsRedisClientThreads(
            @ArquillianResource @OperateOnDeployment("probe") URL probe) throws Exception {
        assertTrue(redisThreads(probe).isEmpty(), "no Redis client before: " + redisThreads(probe));

        deployer.deploy(APP);
        URI app = probe.toURI().resolve("/" + APP + "/state?key=k&value=v");
        assertEquals("1", HTTP.send(HttpRequest.newBuilder(app).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertTrue(!redisThreads(probe).isEmpty(), "the application's Redis client runs threads");

        deployer.undeploy(APP);

        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!redisThreads(probe).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(List.of(), redisThreads(probe), "threads left behind after undeploy");
    }
}
