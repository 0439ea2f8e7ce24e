package org.statekeeper.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.lang.System.Logger.Level;
import java.util.List;
import org.statekeeper.redis.LazyConnection.Link;

/**
 * Calls the store's scripts ({@link StoreScripts}) by their SHA-1 and sends a script's text again when
 * Redis has lost it (a restart, a failover, {@code SCRIPT FLUSH}): apart from the store so that every
 * single-key call survives a lost script the same way.
 */
final class ScriptCalls {

    /** Under the store's name, which logging configurations already know. */
    private static final System.Logger LOG = System.getLogger(RedisStateStore.class.getName());

    private final Replies replies;

    ScriptCalls(Replies replies) {
        this.replies = replies;
    }

    /** Runs {@code script} on {@code redisKey} and returns its integer answer. */
    long run(RedisClusterAsyncCommands<String, String> commands, LuaScript script, String redisKey, String[] args) {
        try {
            return replies.await(script.evalsha(commands, redisKey, args));
        } catch (RedisNoScriptException e) {
            LOG.log(Level.DEBUG, "Redis lost a script (restart or SCRIPT FLUSH); sending it again");
            return replies.await(script.eval(commands, redisKey, args));
        }
    }

    /** Runs {@code script} on {@code redisKey} and returns its multi-bulk answer. */
    List<Object> runMulti(RedisClusterAsyncCommands<String, String> commands, LuaScript script, String redisKey,
            String[] args) {
        try {
            return replies.await(script.evalshaMulti(commands, redisKey, args));
        } catch (RedisNoScriptException e) {
            return replies.await(script.evalMulti(commands, redisKey, args));
        }
    }

    /** Loads every script into Redis's script cache on a new connection, so their first calls find them. */
    void load(Link link) {
        try {
            for (LuaScript script : StoreScripts.ALL) {
                String sha = replies.await(script.load(link.commands()));
                if (!script.sha().equalsIgnoreCase(sha)) {
                    throw new IllegalStateException("Redis gave a script the SHA-1 " + sha + ", expected " + script.sha());
                }
            }
        } catch (RedisCommandExecutionException e) {
            // SCRIPT may be forbidden by an ACL that allows EVAL; the NOSCRIPT fallback loads it then.
            LOG.log(Level.DEBUG, "SCRIPT LOAD failed, scripts are sent on first use: {0}", e.getMessage());
        }
    }
}
