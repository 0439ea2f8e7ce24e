package org.statekeeper.it.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The demo WAR, exactly as the README's demo command runs it, serves its page and its API. */
class DemoIT {

    @Test
    void demoServesItsPageAndEscapesWhatUsersTyped() throws Exception {
        Path war = Path.of(System.getProperty("statekeeper.demoWar", "target/state-demo.war")).toAbsolutePath();
        Path work = Files.createDirectories(LifecycleWars.WORK);
        Path root = Files.createTempDirectory(work, "demo-");

        try (ServerProcess demo = ServerProcess.start(war, root, work.resolve("demo.log"))) {
            HttpResponse<String> added = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(demo.baseUrl() + "/app/api/cart/mallory/items"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"<script>alert(1)</script>\",\"quantity\":2}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, added.statusCode(), added.body());

            HttpResponse<String> page = demo.get("/app/?user=mallory");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Statekeeper"), "the demo page is served");
            assertTrue(page.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the item is shown, escaped");
            assertFalse(page.body().contains("<script>alert(1)"), "and never as markup");
            demo.stop();
        }
    }
}
