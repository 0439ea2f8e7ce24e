package org.statekeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.statekeeper.it.principal.PrincipalServlet;

/**
 * The event log records who made a change: the caller a Jakarta Security mechanism authenticated,
 * through a servlet and through an EJB it calls, and {@code anonymous} when no one logged in.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CallerPrincipalIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "principal.war")
                .addPackage(PrincipalServlet.class.getPackage())
                .addAsLibraries(Deployments.cdiLibraries())
                .addAsWebInfResource(new StringAsset(
                        "<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\" bean-discovery-mode=\"annotated\"/>"),
                        "beans.xml")
                // WildFly: the application security domain whose ad hoc identities Jakarta Security mechanisms create.
                .addAsWebInfResource(new StringAsset("<jboss-web><security-domain>other</security-domain></jboss-web>"),
                        "jboss-web.xml");
    }

    private String write(String via, String user) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "write?via=" + via + "&key=p-"
                + UUID.randomUUID())).POST(HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            request.header("X-Test-User", user);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void aChangeMadeByAnAuthenticatedCallerRecordsTheCallersName() throws Exception {
        assertEquals("alice", write("cdi", "alice"));
        assertEquals("bob", write("cdi", "bob"), "not the previous request's caller");
    }

    @Test
    void aChangeMadeInAnEjbRecordsTheEjbsCaller() throws Exception {
        assertEquals("carol", write("ejb", "carol"));
    }

    @Test
    void aChangeWithNoOneLoggedInRecordsAnonymous() throws Exception {
        assertEquals("anonymous", write("cdi", null));
        assertEquals("anonymous", write("ejb", null));
    }
}
