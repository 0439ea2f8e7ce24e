package org.statekeeper.it.lifecycle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Payara Micro as a child process: {@code java -jar payara-micro.jar --deploy …}. */
final class PayaraMicroProcess extends ServerProcess {

    private PayaraMicroProcess(Process process, int port, Path logFile) throws IOException {
        super(process, port, logFile, "ready in");
    }

    static ServerProcess launch(List<Path> wars, boolean underApp, Path rootDir, Path logFile) throws Exception {
        String jar = System.getProperty("payara.microJar", "target/payara-micro.jar");
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        // Extra JVM options, e.g. a flight recording of the load driver's server: -Dstatekeeper.server.jvmArgs=…
        String extra = System.getProperty("statekeeper.server.jvmArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar, "--nocluster", "--port", String.valueOf(port), "--rootdir",
                rootDir.toString()));
        for (Path war : wars) {
            command.addAll(List.of("--deploy", war.toString()));
        }
        if (underApp && wars.size() == 1) {
            command.addAll(List.of("--contextroot", "app"));
        }
        return new PayaraMicroProcess(new ProcessBuilder(command).redirectErrorStream(true).start(), port, logFile);
    }
}
