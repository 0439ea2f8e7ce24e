package org.statekeeper.it;

import java.util.stream.Collectors;
import org.statekeeper.testing.support.LocalRedis;

/**
 * The Redis Cluster of {@link RedisClusterIT}, started once per JVM on first use and killed when the JVM
 * ends (Arquillian gives a deployment method no matching end). Runs on the test client only.
 */
final class RedisClusterForIt {

    private static String uri;

    private RedisClusterForIt() {
    }

    /** Returns the cluster's URI ({@code redis://host:port,…}), starting it first if needed. */
    static synchronized String uri() {
        if (uri == null) {
            uri = LocalRedis.open().cluster(3).stream().map(n -> "redis://127.0.0.1:" + n.port())
                    .collect(Collectors.joining(","));
        }
        return uri;
    }
}
