package org.statekeeper.it.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
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
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
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
 * without the console's token (a cross-site form post) is refused, also when a page of another origin
 * makes the operator's logged-in browser send it; verify runs as a background job whose progress and
 * result the page shows live. The test logs users in with the {@code test-user} cookie, which a Jakarta
 * Security mechanism in the WAR reads.
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

    /** Logs the browser in as the operator and opens the console, returning once its script is ready. */
    private static void openConsoleAsOperator(Browser browser) {
        browser.go(server.baseUrl() + "/app/state?key=none");
        browser.driver().manage().addCookie(new Cookie("test-user", "olga:operator"));
        browser.go(console()).await(Duration.ofSeconds(20), "the console is ready",
                d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    /** The operator's session as an API client has it: its cookies and its console token. */
    private record Session(String cookies, String token) {
        static Session open(HttpClient http) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(console() + "api/token"))
                    .header("Cookie", "test-user=olga:operator").build(), HttpResponse.BodyHandlers.ofString());
            return new Session("test-user=olga:operator; " + response.headers().allValues("Set-Cookie").stream()
                    .map(c -> c.split(";", 2)[0]).filter(c -> c.startsWith("JSESSIONID")).findFirst().orElseThrow(),
                    response.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1"));
        }

        HttpResponse<String> send(HttpClient http, String method, String apiPath) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(console() + "api/" + apiPath)).header("Cookie", cookies)
                    .header("X-Statekeeper-Token", token).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void anOperatorListsReadsAndEditsKeysAndMarkupStaysText() throws Exception {
        try (Browser browser = Browser.open(1200, 1000)) {
            openConsoleAsOperator(browser);
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
            browser.pageScreenshot(Path.of("target", "screenshots", "admin-console-"
                    + System.getProperty("arquillian.launch", "payara-micro") + ".png"), 2400);
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
        // The operator's browser holds the session cookie and the login; a page of another site can make it
        // send both, with that site's origin, but cannot read or send the token.
        Session session = Session.open(http);
        String cookies = session.cookies();

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

        HttpResponse<String> withToken = session.send(http, "DELETE", "value?key=csrf:plain&version=1");
        assertEquals(200, withToken.statusCode(), "the console's own request, with its token: " + withToken.body());
        assertEquals("absent", server.get("/app/state?key=csrf:plain").body());
    }

    /**
     * A page of another origin (same host, another port: the browser sends the operator's cookies to the
     * console with its requests) posts a form and sends credentialed fetches to the console's mutations while
     * the operator is logged in. The console refuses each (403, nothing started, nothing written).
     */
    @Test
    void aPageOfAnotherOriginCannotMakeTheOperatorsBrowserChangeAnything() throws Exception {
        write("csrf:browser", "plain");
        HttpClient http = HttpClient.newHttpClient();
        Session api = Session.open(http);
        List<String> jobsBefore = jobIds(api.send(http, "GET", "jobs").body());
        String target = console() + "api/";
        String evil = "<!DOCTYPE html><html><body><form id=\"f\" method=\"POST\" action=\"" + target + "rebuild\">"
                + "<input name=\"x\" value=\"1\"></form><script>"
                + "const sent = [fetch('" + target + "verify', {method: 'POST', credentials: 'include', mode: 'no-cors',"
                + " body: 'x=1'}), fetch('" + target + "value?key=csrf:browser', {method: 'PUT', credentials: 'include',"
                + " headers: {'Content-Type': 'application/json'}, body: '{\"version\":1,\"value\":\"forged\"}'}),"
                + " fetch('" + target + "value?key=csrf:browser&version=1', {method: 'DELETE', credentials: 'include'})];"
                + "Promise.allSettled(sent).then(() => document.getElementById('f').submit());"
                + "</script></body></html>";
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            byte[] page = evil.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html;charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        site.start();
        try (Browser browser = Browser.open(1000, 800)) {
            openConsoleAsOperator(browser);
            browser.go("http://127.0.0.1:" + site.getAddress().getPort() + "/");
            // The form's post navigates the browser to the console's answer: the console's own refusal, so the
            // operator's login and session did reach it, and only the token and origin check stopped it.
            String answer = browser.await(Duration.ofSeconds(20), "the form was posted", d -> d.getCurrentUrl()
                    .startsWith(target) ? d.findElement(By.tagName("body")).getText() : null);
            assertTrue(answer.contains("the console's token is missing or wrong"), answer);
        } finally {
            site.stop(0);
        }
        assertEquals(jobsBefore, jobIds(api.send(http, "GET", "jobs").body()), "no verify or rebuild was started");
        assertEquals("1:plain", server.get("/app/state?key=csrf:browser").body(), "the key is unchanged in the log");
    }

    private static List<String> jobIds(String jobs) {
        return Pattern.compile("\"id\":\"([^\"]+)\"").matcher(jobs).results().map(m -> m.group(1)).toList();
    }

    /**
     * Verify runs in the background: a second operation meanwhile is refused naming it (409), and the page
     * that starts one shows its progress while it runs and then its result.
     */
    @Test
    void verifyRunsAsAJobWhosProgressAndResultThePageShows() throws Exception {
        // Head rows the store never got: verify has many keys to compare, and finds each of them missing.
        int seeded = Integer.parseInt(server.post("/app/state?bulk=" + SEEDED).body());
        HttpClient http = HttpClient.newHttpClient();
        Session api = Session.open(http);

        HttpResponse<String> started = api.send(http, "POST", "verify");
        assertEquals(202, started.statusCode(), started.body());
        String job = jobIds(started.body()).get(0);
        HttpResponse<String> second = api.send(http, "POST", "rebuild");
        assertEquals(409, second.statusCode(), second.body());
        assertEquals(List.of(job), jobIds(second.body()), "the refusal names the running job");
        awaitJobEnd(http, api, job);

        try (Browser browser = Browser.open(1200, 1000)) {
            openConsoleAsOperator(browser);
            browser.driver().findElement(By.id("verify")).click();
            // Text and bar read in one script: the page updates both at once, between polls.
            List<?> progress = browser.await(Duration.ofSeconds(30), "progress part way through verify", d -> {
                List<?> shown = (List<?>) browser.script("const bar = document.getElementById('job-progress');"
                        + " return [document.getElementById('job-state').textContent, String(bar.value), String(bar.max)];");
                java.util.regex.Matcher m = Pattern.compile("verify: heads ([0-9]+) of ([0-9]+)").matcher((String) shown.get(0));
                return m.matches() && Long.parseLong(m.group(1)) > 0 && Long.parseLong(m.group(1)) < Long.parseLong(m.group(2))
                        ? List.of(m.group(1), m.group(2), shown.get(1), shown.get(2)) : null;
            });
            assertTrue(Long.parseLong((String) progress.get(1)) >= seeded, "the total counts every head row: " + progress);
            assertEquals(progress.subList(0, 2), progress.subList(2, 4), "the bar shows the same count of the same total");
            String result = browser.await(Duration.ofSeconds(120), "the result", d -> {
                String text = d.findElement(By.id("job-state")).getText();
                return text.startsWith("verify done") ? text : null;
            });
            long differences = Long.parseLong(result.replaceAll("verify done: ([0-9]+) differences.*", "$1"));
            assertTrue(differences >= seeded && result.contains(seeded + " missing"), result);
            assertTrue(browser.driver().findElement(By.id("report")).getText().contains("\"missing\": " + seeded),
                    "the full report is shown too");
            browser.screenshot(Path.of("target", "screenshots", "admin-console-verify-"
                    + System.getProperty("arquillian.launch", "payara-micro") + ".png"));
        }
    }

    private static final int SEEDED = 60_000;

    private static void awaitJobEnd(HttpClient http, Session api, String job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            String body = api.send(http, "GET", "job?id=" + job).body();
            if (!body.contains("\"state\":\"running\"")) {
                assertTrue(body.contains("\"state\":\"done\""), body);
                return;
            }
            Thread.sleep(200); // the poll's interval, not a wait for the outcome
        }
        throw new AssertionError("the job " + job + " did not end within 120 s");
    }
}
