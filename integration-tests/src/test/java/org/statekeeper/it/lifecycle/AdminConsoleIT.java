package org.statekeeper.it.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.statekeeper.it.TestRedisServer;
import org.statekeeper.it.browser.Browser;

/**
 * The operator console (state-admin) on a real server, in a real browser: an operator lists keys,
 * reads and edits a value (compare-and-set, logged as the operator), and sees markup in keys and values
 * as text; a user without the role gets 403 from the page, the API and the push socket; a change
 * without the console's token (a cross-site form post) is refused. The test logs users in with the
 * {@code test-user} cookie, which a Jakarta Security mechanism in the WAR reads.
 */
class AdminConsoleIT {

    private static final String MARKUP_KEY = "shop:<img src=x onerror=\"window.hacked='key'\">";
    private static final String MARKUP_VALUE = "</script><script>window.hacked='value'</script>";

    private static ServerProcess server;

    @BeforeAll
    static void startTheServer() throws Exception {
        String config = "state.redis.uri=" + TestRedisServer.sharedUri() + "\nstate.redis.key-prefix=admin-"
                + System.nanoTime() + ":\nstate.admin.role=operator\nstate.push=on\nstate.push.role-prefixes=operator=*\n";
        Path war = LifecycleWars.buildConsole("console", config);
        server = ServerProcess.start(war, LifecycleWars.newRootDir(), LifecycleWars.WORK.resolve("console.log"));
        write(MARKUP_KEY, MARKUP_VALUE);
        write("shop:plain", "plain");
    }

    @AfterAll
    static void stopTheServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static String write(String key, String value) throws Exception {
        return server.post("/app/state?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&value="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)).body();
    }

    private static String console() {
        return server.baseUrl() + "/app/statekeeper/admin/";
    }

    @Test
    void anOperatorListsReadsAndEditsKeysAndMarkupStaysText() throws Exception {
        try (Browser browser = Browser.open(1200, 1000)) {
            browser.go(server.baseUrl() + "/app/state?key=none");
            browser.driver().manage().addCookie(new Cookie("test-user", "olga:operator"));
            browser.go(console()).await(Duration.ofSeconds(20), "the console is ready",
                    d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
            assertEquals("olga", browser.driver().findElement(By.id("user")).getText());
            browser.await(Duration.ofSeconds(10), "the store's status", d -> d.findElement(By.id("store-state")).getText()
                    .equals("in sync"));

            browser.driver().findElement(By.id("prefix")).sendKeys("shop:");
            browser.driver().findElement(By.id("list")).click();
            browser.await(Duration.ofSeconds(10), "two keys listed",
                    d -> d.findElements(By.cssSelector("#rows tr")).size() == 2);
            WebElement row = browser.driver().findElements(By.cssSelector("#rows tr")).stream()
                    .filter(r -> r.getText().contains("onerror")).findFirst().orElseThrow();
            assertTrue(row.getText().contains(MARKUP_KEY), "the key is shown as typed: " + row.getText());

            row.findElement(By.xpath(".//button[text()='Open']")).click();
            browser.driver().findElement(By.id("show")).click();
            WebElement value = browser.await(Duration.ofSeconds(10), "the value is shown",
                    d -> d.findElement(By.id("editor")).isDisplayed() ? d.findElement(By.id("value")) : null);
            assertEquals("\"" + MARKUP_VALUE + "\"", value.getAttribute("value"));

            value.clear();
            value.sendKeys("{\"edited\": \"<b>by the operator</b>\"}");
            browser.driver().findElement(By.id("save")).click();
            browser.await(Duration.ofSeconds(10), "saved", d -> d.findElement(By.id("outcome")).getText()
                    .equals("Saved as version 2."));

            browser.driver().findElement(By.id("history")).click();
            browser.await(Duration.ofSeconds(10), "the history lists the operator's change",
                    d -> d.findElements(By.cssSelector("#event-rows tr")).size() == 2);
            String newest = browser.driver().findElements(By.cssSelector("#event-rows tr")).get(0).getText();
            assertTrue(newest.contains("olga") && newest.contains("<b>by the operator</b>"), newest);

            // Changed elsewhere since it was shown: the console's edit conflicts and changes nothing.
            write(MARKUP_KEY, "changed elsewhere");
            browser.driver().findElement(By.id("save")).click();
            browser.await(Duration.ofSeconds(10), "a conflict", d -> d.findElement(By.id("outcome")).getText()
                    .startsWith("Conflict: the key is at version 3 now, not 2."));

            assertNull(browser.script("return window.hacked === undefined ? null : window.hacked"), "no script ran");
            assertEquals(0L, browser.script("return document.querySelectorAll('main img, #rows img, #event-rows img,"
                    + " #rows script, #event-rows b').length"), "no element was made from a key or a value");
            browser.screenshot(Path.of("target", "screenshots", "admin-console-"
                    + System.getProperty("arquillian.launch", "payara-micro") + ".png"));
        }
    }

    @Test
    void aUserWithoutTheRoleGets403FromThePageTheApiAndTheSocket() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : new String[] {"", "console.js", "api/keys?prefix=shop:", "api/value?key=shop:plain"}) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(console() + path))
                    .header("Cookie", "test-user=bob").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, response.statusCode(), path + ": " + response.body());
            assertTrue(!response.body().contains("plain"), "no value in the refusal");
        }
        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> http.newWebSocketBuilder().header("Cookie", "test-user=bob")
                        .buildAsync(URI.create(server.baseUrl().replace("http:", "ws:") + "/app/statekeeper/push"),
                                new WebSocket.Listener() { }).orTimeout(20, TimeUnit.SECONDS).join());
        assertEquals(403, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
    }

    @Test
    void aChangeWithoutTheConsolesTokenIsRefusedAsACrossSiteFormPostWouldBe() throws Exception {
        write("csrf:plain", "plain");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> tokenResponse = http.send(HttpRequest.newBuilder(URI.create(console() + "api/token"))
                .header("Cookie", "test-user=olga:operator").build(), HttpResponse.BodyHandlers.ofString());
        String token = tokenResponse.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        // The operator's browser holds the session cookie and the login; a page of another site can make it
        // send both, with that site's origin, but cannot read or send the token.
        String cookies = "test-user=olga:operator; " + tokenResponse.headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";", 2)[0]).filter(c -> c.startsWith("JSESSIONID")).findFirst().orElseThrow();

        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(console()
                        + "api/value?key=csrf:plain&version=1")).header("Cookie", cookies)
                .header("Origin", "http://evil.example").header("Content-Type", "application/x-www-form-urlencoded")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("x=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forged.statusCode(), forged.body());
        HttpResponse<String> formPost = http.send(HttpRequest.newBuilder(URI.create(console() + "api/rebuild"))
                .header("Cookie", cookies).header("Origin", "http://evil.example")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("x=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, formPost.statusCode(), formPost.body());
        assertEquals("1:plain", server.get("/app/state?key=csrf:plain").body(), "nothing was deleted");

        HttpResponse<String> withToken = http.send(HttpRequest.newBuilder(URI.create(console()
                        + "api/value?key=csrf:plain&version=1")).header("Cookie", cookies)
                .header("X-Statekeeper-Token", token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, withToken.statusCode(), "the console's own request, with its token: " + withToken.body());
        assertEquals("absent", server.get("/app/state?key=csrf:plain").body());
    }
}
