package org.statekeeper.it.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.statekeeper.it.TestRedisServer;
import org.statekeeper.it.browser.Browser;
import org.statekeeper.testing.support.RequiresDatabase;
import org.statekeeper.testing.support.TcpProxy;
import org.statekeeper.testing.support.TestDatabase;

/**
 * Push to real browsers (headless Chromium) from two real server processes that share one PostgreSQL
 * log and one Redis: a change committed on server B reaches a page served by server A without a reload;
 * a page whose server restarts resyncs and shows what was committed while it was offline; markup in keys
 * and values stays text; a page of another site, and a user who may read nothing, are refused the socket.
 * The page reaches A through a TCP proxy, so that A restarted on a new port is at the page's old address.
 */
@RequiresDatabase(variable = TestDatabase.PG_ENV, prefix = "jdbc:postgresql:", example = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LivePushIT {

    /** The bound the README states for a change to reach a subscribed page, with slack for a busy machine. */
    private static final Duration LIVE = Duration.ofSeconds(5);

    private static TestDatabase database;
    private static String prefix;
    private static Path warA;
    private static Path rootA;
    private static ServerProcess a;
    private static ServerProcess b;
    private static TcpProxy toA;
    private static Browser browser;

    @BeforeAll
    static void startTwoServersAndABrowser() throws Exception {
        Browser.assumeInstalled();
        String launch = System.getProperty("arquillian.launch", "payara-micro").replace('-', '_');
        database = TestDatabase.postgresql(System.getenv(TestDatabase.PG_ENV), "sk_push_" + launch).withShippedSchema();
        prefix = "push-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        String shared = "state.redis.uri=" + TestRedisServer.sharedUri() + "\nstate.redis.key-prefix=" + prefix
                + "\nstate.near-cache=on\nstate.push=on\n";
        // A lets anyone follow live: keys; B only users in the role "user" (its socket refuses everyone else).
        warA = LifecycleWars.buildPushOnPostgres("push-a", shared + "state.push.public-prefixes=live:\nstate.node-id=push-a\n",
                database.url());
        Path warB = LifecycleWars.buildPushOnPostgres("push-b", shared + "state.push.role-prefixes=user=live:\n"
                + "state.node-id=push-b\n", database.url());
        rootA = LifecycleWars.newRootDir();
        a = ServerProcess.start(warA, rootA, LifecycleWars.WORK.resolve("push-a.log"));
        b = ServerProcess.start(warB, LifecycleWars.newRootDir(), LifecycleWars.WORK.resolve("push-b.log"));
        toA = TcpProxy.to("127.0.0.1", port(a));
        browser = Browser.open(1000, 700);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {browser, a, b, toA, database}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static int port(ServerProcess server) {
        return URI.create(server.baseUrl()).getPort();
    }

    private static String pageUrl(String followed) {
        return "http://127.0.0.1:" + toA.port() + "/app/live.html?prefix=" + URLEncoder.encode(followed, StandardCharsets.UTF_8);
    }

    private static void write(ServerProcess server, String key, String value) throws Exception {
        String response = server.post("/app/state?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8)
                + "&value=" + URLEncoder.encode(value, StandardCharsets.UTF_8)).body();
        assertTrue(response.matches("\\d+"), "written: " + response);
    }

    private static String status() {
        return browser.driver().findElement(By.id("status")).getText();
    }

    private static String shown(String key) {
        return (String) browser.script("const li = [...document.querySelectorAll('#values li')]"
                + ".find(e => e.dataset.key === arguments[0]); return li ? li.textContent : null;", key);
    }

    private static void awaitShown(String key, String expected, Duration timeout) {
        browser.await(timeout, key + " shown as " + expected + " (shown: " + shown(key) + ", status " + status() + ")",
                d -> expected.equals(shown(key)));
    }

    @Test
    @Order(1)
    void aChangeCommittedOnAnotherServerAppearsInThePageWithoutAReload() throws Exception {
        write(b, "live:counter", "before");
        browser.go(pageUrl("live:"));
        browser.await(Duration.ofSeconds(20), "the page is live", d -> "live".equals(status()));
        awaitShown("live:counter", "live:counter = \"before\" @1", LIVE);
        browser.script("window.sameDocument = true");

        write(b, "live:counter", "after");
        awaitShown("live:counter", "live:counter = \"after\" @2", LIVE);
        write(b, "live:other", "new key");
        awaitShown("live:other", "live:other = \"new key\" @1", LIVE);
        assertEquals(Boolean.TRUE, browser.script("return window.sameDocument === true"), "no reload happened");
    }

    @Test
    @Order(2)
    void aPageResyncsAfterItsServerRestartsAndShowsWhatWasCommittedWhileItWasOffline() throws Exception {
        browser.go(pageUrl("live:"));
        awaitShown("live:counter", "live:counter = \"after\" @2", Duration.ofSeconds(20));
        a.stop();
        browser.await(Duration.ofSeconds(30), "the page notices its server is gone", d -> !"live".equals(status()));
        write(b, "live:counter", "while offline");
        write(b, "live:gone", "short-lived");
        b.post("/app/state?key=live:other"); // no value: a delete
        assertEquals("live:counter = \"after\" @2", shown("live:counter"), "nothing reaches the page while offline");

        a = ServerProcess.start(warA, rootA, LifecycleWars.WORK.resolve("push-a-restarted.log"));
        toA.retarget("127.0.0.1", port(a));
        browser.await(Duration.ofSeconds(40), "the page reconnects", d -> "live".equals(status()));
        awaitShown("live:counter", "live:counter = \"while offline\" @3", LIVE);
        awaitShown("live:gone", "live:gone = \"short-lived\" @1", LIVE);
        browser.await(LIVE, "the deleted key is removed from the page", d -> shown("live:other") == null);
    }

    @Test
    @Order(3)
    void markupInKeysAndValuesStaysTextInThePage() throws Exception {
        browser.go(pageUrl("live:"));
        browser.await(Duration.ofSeconds(20), "the page is live", d -> "live".equals(status()));
        String key = "live:<img src=x onerror=\"window.hacked='key'\">";
        String value = "</script><script>window.hacked='value'</script><img src=x onerror=\"window.hacked='img'\">";
        write(b, key, value);
        awaitShown(key, key + " = " + jsonString(value) + " @1", LIVE);
        assertNull(browser.script("return window.hacked === undefined ? null : window.hacked"), "no script ran");
        assertEquals(0L, browser.script("return document.querySelectorAll('#values img, #values script').length"),
                "no element was made from a key or a value");
    }

    @Test
    @Order(4)
    void thePushSocketRefusesAPageOfAnotherSiteAndAUserWhoMayReadNothing() {
        HttpClient http = HttpClient.newHttpClient();
        URI socketA = URI.create("ws://127.0.0.1:" + toA.port() + "/app/statekeeper/push");
        assertEquals(403, refusal(http.newWebSocketBuilder().header("Origin", "http://evil.example")
                .buildAsync(socketA, new WebSocket.Listener() { })));
        WebSocket sameSite = http.newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + toA.port())
                .buildAsync(socketA, new WebSocket.Listener() { }).orTimeout(20, TimeUnit.SECONDS).join();
        sameSite.abort();
        URI socketB = URI.create(b.baseUrl().replace("http:", "ws:") + "/app/statekeeper/push");
        assertEquals(403, refusal(http.newWebSocketBuilder().buildAsync(socketB, new WebSocket.Listener() { })),
                "on B only the role may read, and no one is logged in");
    }

    @Test
    @Order(5)
    void aUserInARoleFollowsThePrefixesOfThatRole() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        URI socketB = URI.create(b.baseUrl().replace("http:", "ws:") + "/app/statekeeper/push");
        WebSocket user = handshake(HttpClient.newHttpClient().newWebSocketBuilder().header("X-Test-User", "alice")
                .buildAsync(socketB, new WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        received.add(data.toString());
                        ws.request(1);
                        return null;
                    }
                }));
        try {
            user.sendText("{\"op\":\"subscribe\",\"keys\":[\"live:counter\",\"other:x\"]}", true).join();
            String reply = received.poll(10, TimeUnit.SECONDS);
            assertTrue(reply != null && reply.contains("\"keys\":[\"live:counter\"]")
                    && reply.contains("\"denied\":[\"other:x\"]"), "granted live:, refused the rest: " + reply);
            String value = received.poll(10, TimeUnit.SECONDS);
            assertTrue(value != null && value.contains("\"key\":\"live:counter\"") && value.contains("\"version\":3"),
                    "the current value: " + value);
        } finally {
            user.abort();
        }
    }

    /** Completes the handshake, or fails saying with which HTTP status it was refused. */
    private static WebSocket handshake(java.util.concurrent.CompletableFuture<WebSocket> handshake) {
        try {
            return handshake.orTimeout(20, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw new AssertionError("handshake refused with " + refused.getResponse().statusCode(), e);
            }
            throw e;
        }
    }

    private static int refusal(java.util.concurrent.CompletableFuture<WebSocket> handshake) {
        CompletionException e = assertThrows(CompletionException.class,
                () -> handshake.orTimeout(20, TimeUnit.SECONDS).join());
        assertTrue(e.getCause() instanceof WebSocketHandshakeException, "refused at the handshake: " + e.getCause());
        return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
