package org.statekeeper.it.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * WildFly as a child process: {@code standalone.sh} on a server directory of the test's own
 * ({@code jboss.server.base.dir}), WARs dropped in its deployments folder. Its default datasource
 * is an in-memory H2; here it points at a file in the server directory, so a restart finds the
 * state, as on Payara Micro with {@code --rootdir}.
 */
final class WildFlyProcess extends ServerProcess {

    private final int managementPort;

    private WildFlyProcess(Process process, int port, Path logFile) throws IOException {
        // 0025: started; 0026: started with a failed deployment (which some tests expect).
        super(process, port, logFile, "WFLYSRV0025", "WFLYSRV0026");
        this.managementPort = port - 8080 + 9990;
    }

    /** WildFly serves health and metrics on its management port (9990, moved by the same offset as 8080). */
    @Override
    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    static ServerProcess launch(List<Path> wars, boolean underApp, Path baseDir, Path logFile) throws Exception {
        Path home = Path.of(System.getProperty("jboss.home", "target/wildfly"));
        Path configuration = baseDir.resolve("configuration");
        if (!Files.exists(configuration.resolve("standalone.xml"))) {
            copyTree(home.resolve("standalone").resolve("configuration"), configuration);
            Path xml = configuration.resolve("standalone.xml");
            String text = Files.readString(xml, StandardCharsets.UTF_8);
            Files.writeString(xml, text.replace("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE",
                    "jdbc:h2:${jboss.server.data.dir}/test;DB_CLOSE_ON_EXIT=FALSE"), StandardCharsets.UTF_8);
        }
        Path deployments = Files.createDirectories(baseDir.resolve("deployments"));
        for (Path war : wars) {
            String name = underApp && wars.size() == 1 ? "app.war" : war.getFileName().toString();
            Files.copy(war, deployments.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        int offset = freeOffset();
        int port = 8080 + offset;
        List<String> command = List.of(home.resolve("bin").resolve("standalone.sh").toString(),
                "-Djboss.server.base.dir=" + baseDir.toAbsolutePath(),
                "-Djboss.socket.binding.port-offset=" + offset);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS", "-Xmx512m -Djava.net.preferIPv4Stack=true");
        return new WildFlyProcess(builder.start(), port, logFile);
    }

    /**
     * An offset for WildFly's ports (http 8080, https 8443, management 9990 and 9993 all move by it) at
     * which every one of them is free, and below the ephemeral range (from 32768) that outgoing
     * connections take ports from at random: a port picked there can be taken before the server binds it.
     */
    private static int freeOffset() throws IOException {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 500; attempt++) {
            int offset = 2_000 + random.nextInt(20_000);
            if (free(offset + 8080) && free(offset + 8443) && free(offset + 9990) && free(offset + 9993)) {
                return offset;
            }
        }
        throw new IOException("No port offset with WildFly's four ports free");
    }

    private static boolean free(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(source -> {
                try {
                    Path target = to.resolve(from.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
