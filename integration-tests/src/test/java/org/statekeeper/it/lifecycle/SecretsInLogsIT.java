package org.statekeeper.it.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A deployment refused for a wrong {@code state.redis.uri} says which property and why in the server's
 * own output, at SEVERE/ERROR with its message id, and leaves no trace of the URI's password anywhere:
 * not in the console, not in any log file the server wrote, neither as written nor percent-decoded.
 */
class SecretsInLogsIT {

    /** Percent-encoded as a URI needs it: {@code S3cr/et} and {@code Ht:p4ss@w}. */
    private static final String PORT_PASSWORD = "S3cr%2Fet";
    private static final String SCHEME_PASSWORD = "Ht%3Ap4ss%40w";

    @Test
    void aRefusedRedisUriIsNamedWithItsReasonAndItsPasswordAppearsNowhere() throws Exception {
        Path badPort = LifecycleWars.build("secret-bad-port",
                "state.redis.uri=redis://app:" + PORT_PASSWORD + "@127.0.0.1:notaport\n");
        Path badScheme = LifecycleWars.build("secret-bad-scheme",
                "state.redis.uri=http://app:" + SCHEME_PASSWORD + "@cache.example:6379\n");
        Path root = Files.createTempDirectory(Files.createDirectories(LifecycleWars.WORK), "root-");
        Path console = LifecycleWars.WORK.resolve("secrets.log");

        String output;
        try (ServerProcess server = ServerProcess.start(List.of(badPort, badScheme), false, root, console)) {
            for (String app : List.of("secret-bad-port", "secret-bad-scheme")) {
                assertEquals(404, server.get("/" + app + "/state?key=any").statusCode(), app + " is not deployed");
            }
            server.stop();
            output = server.output();
        }

        assertTrue(output.contains("SK0401 Statekeeper cannot start: Invalid configuration state.redis.uri="
                + "\"redis://app:****@127.0.0.1:notaport\""), "the property and its masked value are logged with the id");
        assertTrue(output.contains("the port must be a number"), "and why the value is refused");
        assertTrue(output.contains("state.redis.uri=\"http://app:****@cache.example:6379\"")
                && output.contains("has the scheme 'http'") && output.contains("needs redis:// or rediss://"),
                "a wrong scheme is named with the schemes accepted");
        // Payara prints the level on the record's first line and the message on the next: look just before the id.
        int id = output.indexOf("SK0401");
        String before = output.substring(Math.max(0, id - 300), id);
        assertTrue(before.contains("SEVERE") || before.contains("ERROR"),
                "logged at SEVERE (ERROR on WildFly), not only inside the server's deployment failure: " + before);

        List<String> texts = new ArrayList<>(List.of(output));
        try (Stream<Path> files = Files.walk(root)) {
            for (Path log : files.filter(f -> f.getFileName().toString().matches(".*\\.log(\\.\\d+)?")).toList()) {
                texts.add(read(log));
            }
        }
        assertTrue(texts.size() > 1 || !"wildfly".equals(System.getProperty("arquillian.launch")),
                "WildFly's server.log was scanned too");
        for (String password : List.of(PORT_PASSWORD, SCHEME_PASSWORD)) {
            String decoded = URLDecoder.decode(password, StandardCharsets.UTF_8);
            for (String text : texts) {
                for (String form : List.of(password, decoded, decoded.substring(0, 4), decoded.substring(decoded.length() - 4))) {
                    assertFalse(text.contains(form), "the password's form <" + form + "> appears in the server's output");
                }
            }
        }
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }
}
