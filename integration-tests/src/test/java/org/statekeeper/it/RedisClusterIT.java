package org.statekeeper.it;

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
        return RedisIT.war("statekeeper-redis-cluster", RedisClusterForIt.uri(), "statekeeper_redis_cluster_it");
    }
}
