package org.statekeeper.it.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.statekeeper.it.browser.Browser;

/**
 * The demo WAR, exactly as the README's demo command runs it (zero configuration but for live updates),
 * serves its page and its API, escapes what users typed, and updates a second tab live, in a real browser.
 */
class DemoIT {

    /** The bound the README states for a change to reach an open page, with slack for a busy machine. */
    private static final Duration LIVE = Duration.ofSeconds(5);

    private static ServerProcess demo;

    @BeforeAll
    static void startTheDemo() throws Exception {
        Path war = Path.of(System.getProperty("statekeeper.demoWar", "target/state-demo.war")).toAbsolutePath();
        Path work = Files.createDirectories(LifecycleWars.WORK);
        demo = ServerProcess.start(war, Files.createTempDirectory(work, "demo-"), work.resolve("demo.log"));
    }

    @AfterAll
    static void stopTheDemo() throws Exception {
        if (demo != null) {
            demo.stop();
            demo.close();
        }
    }

    private static HttpResponse<String> addItem(String user, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(demo.baseUrl() + "/app/api/cart/" + user + "/items"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void demoServesItsPageAndEscapesWhatUsersTyped() throws Exception {
        HttpResponse<String> added = addItem("mallory", "{\"name\":\"<script>alert(1)</script>\",\"quantity\":2}");
        assertEquals(200, added.statusCode(), added.body());

        HttpResponse<String> page = demo.get("/app/?user=mallory");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Statekeeper"), "the demo page is served");
        assertTrue(page.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the item is shown, escaped");
        assertFalse(page.body().contains("<script>alert(1)"), "and never as markup");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"),
                "no inline script may run");
    }

    @Test
    void aChangeMadeInOneTabAppearsInAnotherWithoutAReloadAndMarkupStaysText() throws Exception {
        try (Browser first = Browser.open(1100, 900); Browser second = Browser.open(1100, 1300)) {
            String page = demo.baseUrl() + "/app/?user=ann";
            for (Browser tab : new Browser[] {first, second}) {
                tab.go(page).await(Duration.ofSeconds(20), "the page is live",
                        d -> "live".equals(d.findElement(By.id("live-status")).getText()));
            }
            second.script("window.sameDocument = true");

            // A flag turned on in the first tab (its form posts and the first tab reloads) ...
            WebElement banner = first.driver().findElement(By.cssSelector("tr[data-flag='welcome-banner'] button"));
            String before = second.driver().findElement(By.cssSelector("tr[data-flag='welcome-banner'] .flag-version")).getText();
            banner.click();
            // ... shows as on, at its new version, in the second, whose toggle now offers to turn it off.
            second.await(LIVE, "the flag is on in the second tab", d -> "on".equals(
                    d.findElement(By.cssSelector("tr[data-flag='welcome-banner'] .flag-state")).getText()));
            assertEquals(String.valueOf(Long.parseLong(before) + 1), second.driver().findElement(
                    By.cssSelector("tr[data-flag='welcome-banner'] .flag-version")).getText());
            assertEquals("Turn off", second.driver().findElement(
                    By.cssSelector("tr[data-flag='welcome-banner'] button")).getText());

            // An item added through the API, with markup for a name, appears as text.
            String name = "<img src=x onerror=\"window.hacked=1\"></script><script>window.hacked=2</script>";
            assertEquals(200, addItem("ann", "{\"name\":" + json(name) + ",\"quantity\":3}").statusCode());
            assertEquals(200, addItem("ann", "{\"name\":\"tea\",\"quantity\":2}").statusCode());
            second.await(LIVE, "the items are in the second tab's cart",
                    d -> d.findElement(By.id("cart-items")).getText().contains("tea"));
            String cart = second.driver().findElement(By.id("cart-items")).getText();
            assertTrue(cart.contains(name), "the name is shown as typed: " + cart);
            assertNull(second.script("return window.hacked === undefined ? null : window.hacked"), "no script ran");
            assertEquals(0L, second.script("return document.querySelectorAll('#cart-items img, #cart-items script').length"));
            assertEquals(Boolean.TRUE, second.script("return window.sameDocument === true"), "no reload happened");

            // The visit counted by the first tab's reload reached the second too.
            String visits = first.driver().findElement(By.id("visits")).getText();
            second.await(LIVE, "the visit counter follows", d -> visits.equals(d.findElement(By.id("visits")).getText()));
            second.screenshot(Path.of("target", "screenshots", "demo-live-" + System.getProperty("arquillian.launch",
                    "payara-micro") + ".png"));
        }
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
