package org.statekeeper.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the run ids that make the store's epoch: Redis draws a new one at every start, so comparing them is
 * how a restart, a restore or a failover is noticed, whatever data came back with it.
 *
 * @param replies waits for the replies
 */
record RunIds(Replies replies) {

    /** Returns the server's run id, or every master's of a cluster in node order, joined by commas. */
    String read(RedisClusterAsyncCommands<String, String> commands) {
        if (commands instanceof RedisAdvancedClusterAsyncCommands<String, String> cluster) {
            SortedMap<String, String> runIds = new TreeMap<>();
            cluster.masters().commands().info("server").asMap().forEach((node, info) ->
                    runIds.put(node.getNodeId(), runId(awaitStage(info))));
            return String.join(",", runIds.values());
        }
        return runId(replies.await(commands.info("server")));
    }

    private String awaitStage(CompletionStage<String> stage) {
        try {
            return stage.toCompletableFuture().get(replies.timeoutNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("Interrupted while reading the Redis run id", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RedisException("Could not read the Redis run id: " + e, e);
        }
    }

    private static String runId(String info) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("run_id:")) {
                return line.substring("run_id:".length()).trim();
            }
        }
        throw new IllegalStateException("Redis INFO server did not give a run_id");
    }
}
