package org.statekeeper.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script that answers an integer (or, for reads, an array); run by its SHA-1, and sent in full
 * only when Redis has lost it.
 *
 * @param source the script's text
 * @param sha the SHA-1 Redis gives the text, computed here so EVALSHA needs no round trip first
 */
record LuaScript(String source, String sha) {

    /** Creates a script from its lines. */
    static LuaScript of(String... lines) {
        String source = String.join("\n", lines);
        return new LuaScript(source, sha1(source));
    }

    /** Runs the cached script on {@code key}; fails with {@link io.lettuce.core.RedisNoScriptException} when Redis lost it. */
    RedisFuture<Long> evalsha(RedisClusterAsyncCommands<String, String> commands, String key, String[] args) {
        return evalsha(commands, new String[] {key}, args);
    }

    /** Runs the cached script on {@code key} for a multi-bulk answer; fails with NOSCRIPT as {@link #evalsha}. */
    RedisFuture<List<Object>> evalshaMulti(RedisClusterAsyncCommands<String, String> commands, String key,
            String[] args) {
        return commands.evalsha(sha, ScriptOutputType.MULTI, new String[] {key}, args);
    }

    /** Sends the script's text for a multi-bulk answer, as {@link #eval}. */
    RedisFuture<List<Object>> evalMulti(RedisClusterAsyncCommands<String, String> commands, String key,
            String[] args) {
        return commands.eval(source, ScriptOutputType.MULTI, new String[] {key}, args);
    }

    /** Sends the script's text with the call, which also puts it back into Redis's script cache. */
    RedisFuture<Long> eval(RedisClusterAsyncCommands<String, String> commands, String key, String[] args) {
        return eval(commands, new String[] {key}, args);
    }

    /** Runs the cached script on several keys (of one slot, on a cluster), as {@link #evalsha}. */
    RedisFuture<Long> evalsha(RedisClusterAsyncCommands<String, String> commands, String[] keys, String[] args) {
        return commands.evalsha(sha, ScriptOutputType.INTEGER, keys, args);
    }

    /** Sends the script's text with a call on several keys, as {@link #eval}. */
    RedisFuture<Long> eval(RedisClusterAsyncCommands<String, String> commands, String[] keys, String[] args) {
        return commands.eval(source, ScriptOutputType.INTEGER, keys, args);
    }

    /** Loads the script into the script cache (of every master, on a cluster). */
    RedisFuture<String> load(RedisClusterAsyncCommands<String, String> commands) {
        return commands.scriptLoad(source);
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
