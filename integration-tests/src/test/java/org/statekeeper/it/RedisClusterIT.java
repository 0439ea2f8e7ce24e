package org.statekeeper.it;

import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.statekeeper.testing.support.RequiresRedisServer;

/**
 * The whole contract with the Redis store on a real three-master Redis Cluster (Debian's
 * {@code redis-server --cluster-enabled yes}, formed by {@code redis-cli --cluster create}), started for this
 * class and named to the application by a comma-separated {@code state.redis.uri}; the log on PostgreSQL
 * when {@code STATEKEEPER_TEST_PG_URL} is set, else on the server's default datasource; near cache on.
 */
@RequiresRedisServer
public class RedisClusterIT extends StateManagerContract {

    @Deployment
    public static WebArchive deployment() throws Exception {
        // Here, not in @BeforeAll: Arquillian deploys (and the application connects) before that runs.
        String config = "state.redis.uri=" + RedisClusterForIt.uri() + "\n"
                + "state.redis.key-prefix=itc-" + UUID.randomUUID().toString().substring(0, 8) + ":\n"
                + "state.near-cache=on\n";
        String pg = System.getenv(PostgresIT.URL_VARIABLE);
        return pg != null && pg.startsWith("jdbc:postgresql:")
                ? PostgresIT.war("statekeeper-redis-cluster", config, "statekeeper_redis_cluster_it")
                : Deployments.contractWar("statekeeper-redis-cluster", config);
    }
}
