package org.statekeeper.it.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whole-server behaviour that needs a server started twice or refused: state kept across a restart
 * with zero configuration, and a wrong configuration value failing the deployment.
 */
class ServerLifecycleIT {

    private static final Path WORK = LifecycleWars.WORK;

    private static Path war(String name, String microprofileConfig) throws Exception {
        return LifecycleWars.build(name, microprofileConfig);
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void stateSurvivesAServerRestartWithZeroConfiguration() throws Exception {
        Path war = war("restart", null);
        Path root = Files.createTempDirectory(Files.createDirectories(WORK), "root-");

        try (ServerProcess first = ServerProcess.start(war, root, WORK.resolve("restart-1.log"))) {
            assertEquals("1", first.post("/app/state?key=greeting&value=" + q("hello")).body());
            assertEquals("2", first.post("/app/state?key=greeting&value=" + q("hello again")).body());
            assertEquals("1", first.post("/app/state?key=gone&value=x").body());
            assertEquals("true", first.post("/app/state?key=gone").body());
            first.stop();
        }

        try (ServerProcess second = ServerProcess.start(war, root, WORK.resolve("restart-2.log"))) {
            assertEquals("2:hello again", second.get("/app/state?key=greeting").body());
            assertEquals("absent", second.get("/app/state?key=gone").body());
            assertEquals("3", second.post("/app/state?key=gone&value=back").body(), "versions continue after restart");
            second.stop();
        }
    }

    @Test
    void everyReturnedWriteSurvivesAKillDashNineWithZeroConfiguration() throws Exception {
        Path war = war("crash", null);
        Path root = Files.createTempDirectory(Files.createDirectories(WORK), "root-");
        int writes = 40;

        try (ServerProcess first = ServerProcess.start(war, root, WORK.resolve("crash-1.log"))) {
            for (int i = 0; i < writes; i++) {
                assertEquals("1", first.post("/app/state?key=k" + i + "&value=v" + i).body());
            }
            // No pause: the last writes returned only milliseconds before the crash.
            first.kill();
        }

        try (ServerProcess second = ServerProcess.start(war, root, WORK.resolve("crash-2.log"))) {
            for (int i = 0; i < writes; i++) {
                assertEquals("1:v" + i, second.get("/app/state?key=k" + i).body(), "write " + i + " was acknowledged");
            }
            second.stop();
        }
    }

    @Test
    void wrongConfigurationValuesFailDeploymentNamingThePropertyAndAcceptedValuesWithCredentialsMasked() throws Exception {
        Path misconfigured = war("misconfigured", "state.max-value-bytes=lots\n");
        Path badRedis = war("bad-redis-uri", "state.redis.uri=http://app:s3cret@cache.example:6379\n");
        Path badPort = war("bad-redis-port", "state.redis.uri=redis://app:s3/cr@t@127.0.0.1:notaport\n");
        Path hugeDuration = war("huge-duration", "state.expiry.sweep-interval=999999999999999d\n");
        // Redis asked for in a WAR built from state-cdi alone: the Redis plugin's jar is missing.
        Path noPlugin = LifecycleWars.build("no-redis-plugin", "state.redis.uri=redis://app:s3cret@127.0.0.1:6379\n",
                org.statekeeper.it.Deployments.cdiLibraries());
        Path root = Files.createTempDirectory(Files.createDirectories(WORK), "root-");

        try (ServerProcess micro = ServerProcess.start(List.of(misconfigured, badRedis, badPort, hugeDuration, noPlugin), false, root,
                WORK.resolve("misconfigured.log"))) {
            String log = micro.output();
            assertTrue(log.contains("state.max-value-bytes=\"lots\""), "the log names the property and value");
            assertTrue(log.contains("accepted values: an integer from 1 to 1048576"), "and what it accepts");
            assertTrue(log.contains("state.redis.uri=\"http://app:****@cache.example:6379\""),
                    "a wrong Redis URI is named, its password masked");
            assertTrue(log.contains("accepted values: redis://[user:password@]host[:port][/database], rediss://"),
                    "with the URI forms Statekeeper accepts");
            assertTrue(log.contains("state.redis.uri=\"redis://app:****@127.0.0.1:notaport\""),
                    "a URI refused only when the Redis client is built is named too, not just WELD's failure");
            assertTrue(log.contains("state.expiry.sweep-interval=\"999999999999999d\""),
                    "a duration too large to represent names its property");
            assertTrue(log.contains("state.redis.uri=\"redis://app:****@127.0.0.1:6379\"")
                    && log.contains("needs the module org.statekeeper:state-redis") && log.contains("which is missing"),
                    "asking for Redis without its module names the missing artifact");
            assertFalse(log.contains("s3cret") || log.contains("s3/cr@t"), "no password reaches the server log");
            for (String app : List.of("misconfigured", "bad-redis-uri", "bad-redis-port", "huge-duration", "no-redis-plugin")) {
                assertEquals(404, micro.get("/" + app + "/state?key=any").statusCode(), app + " is not deployed");
            }
            micro.stop();
        }
    }
}
