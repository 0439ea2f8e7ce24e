package org.statekeeper.it;

import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The whole contract with the Redis store: the machine's Redis when {@code STATEKEEPER_TEST_REDIS_URI}
 * is set, else a Redis binary from the embedded-redis artifact; the log on PostgreSQL when
 * {@code STATEKEEPER_TEST_PG_URL} is set, else on the server's default datasource; with the near cache on.
 */
public class RedisIT extends StateManagerContract {

    @Deployment
    public static WebArchive deployment() throws Exception {
        return war("statekeeper-redis", TestRedisServer.sharedUri(), "statekeeper_redis_it");
    }

    /**
     * Returns the contract WAR on the Redis at {@code uri} with a key prefix of its own and the near cache on,
     * logging to PostgreSQL in {@code schema} when {@code STATEKEEPER_TEST_PG_URL} is set, else to the
     * server's default datasource.
     */
    static WebArchive war(String name, String uri, String schema) throws Exception {
        String config = "state.redis.uri=" + uri + "\n"
                + "state.redis.key-prefix=it-" + UUID.randomUUID().toString().substring(0, 8) + ":\n"
                // The whole contract holds with the near cache on.
                + "state.near-cache=on\n";
        String pg = System.getenv(PostgresIT.URL_VARIABLE);
        return pg != null && pg.startsWith("jdbc:postgresql:")
                ? PostgresIT.war(name, config, schema)
                : Deployments.contractWar(name, config);
    }
}
