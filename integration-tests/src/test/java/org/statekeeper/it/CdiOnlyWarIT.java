package org.statekeeper.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.junit.jupiter.api.Test;

/**
 * A WAR that depends on {@code state-cdi} alone carries no Redis client: the jars are those Maven
 * resolves for {@code state-cdi} in this module (with the JDBC drivers), the very WAR the zero-config
 * contract ({@link DefaultDataSourceIT}) runs on both servers.
 */
class CdiOnlyWarIT {

    @Test
    void aWarBuiltFromStateCdiAloneHoldsNoLettuceNettyOrReactor() {
        List<String> jars = DefaultDataSourceIT.deployment().getContent().keySet().stream()
                .map(ArchivePath::get)
                .filter(path -> path.startsWith("/WEB-INF/lib/"))
                .map(path -> path.substring("/WEB-INF/lib/".length()))
                .toList();
        for (String module : List.of("state-cdi-", "state-core-", "state-api-", "state-jpa-log-")) {
            assertTrue(jars.stream().anyMatch(jar -> jar.startsWith(module)), module + " is in " + jars);
        }
        assertTrue(jars.stream().noneMatch(jar -> jar.startsWith("lettuce-") || jar.startsWith("netty-")
                || jar.startsWith("reactor-") || jar.startsWith("state-redis-")), "no Redis client in " + jars);
    }
}
