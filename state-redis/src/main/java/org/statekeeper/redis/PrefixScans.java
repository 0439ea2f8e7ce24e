package org.statekeeper.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Walks the store's key prefix with {@code SCAN} (every master of a cluster): apart from the store because
 * only these operations touch keys by pattern, where the prefix must be matched literally and the walk must
 * not block Redis the way {@code KEYS} would.
 *
 * @param keyPrefix the store's key prefix, under which everything is cleared
 * @param valuePrefix the prefix of the value keys
 * @param generationKey the generation marker's key, removed first
 * @param lockPrefix the prefix of the lock keys, which a clear leaves
 * @param replies waits for the replies
 */
record PrefixScans(String keyPrefix, String valuePrefix, String generationKey, String lockPrefix, Replies replies) {

    /** Under the store's name, which logging configurations already know. */
    private static final System.Logger LOG = System.getLogger(RedisStateStore.class.getName());
    private static final int SCAN_COUNT = 20_000;

    /** Removes every key under the prefix but the locks, the generation marker first. */
    void clear(RedisClusterAsyncCommands<String, String> commands) {
        // Marker first: a reader must never take a half-cleared namespace for a complete one.
        replies.await(commands.unlink(generationKey));
        // Each UNLINK is sent without waiting for it, so that the scan goes on meanwhile.
        List<RedisFuture<Long>> unlinks = new ArrayList<>();
        scan(commands, keyPrefix, page -> {
            List<String> keys = new ArrayList<>(page);
            keys.removeIf(k -> k.startsWith(lockPrefix));
            if (!keys.isEmpty()) {
                unlinks.add(commands.unlink(keys.toArray(String[]::new)));
            }
        });
        long removed = 0;
        for (RedisFuture<Long> unlink : unlinks) {
            removed += replies.await(unlink);
        }
        LOG.log(Level.INFO, "SK0204 Cleared {0} Redis keys with prefix \"{1}\"", Long.toString(removed), keyPrefix);
    }

    /** Passes each value key under the prefix to {@code action}, prefix removed. */
    void forEachKey(RedisClusterAsyncCommands<String, String> commands, Consumer<String> action) {
        scan(commands, valuePrefix, page -> {
            for (String key : page) {
                action.accept(key.substring(valuePrefix.length()));
            }
        });
    }

    private void scan(RedisClusterAsyncCommands<String, String> commands, String prefix, Consumer<List<String>> page) {
        ScanArgs match = ScanArgs.Builder.matches(globEscape(prefix) + "*").limit(SCAN_COUNT);
        KeyScanCursor<String> cursor = replies.await(commands.scan(match));
        while (true) {
            page.accept(cursor.getKeys());
            if (cursor.isFinished()) {
                return;
            }
            cursor = replies.await(commands.scan(cursor, match));
        }
    }

    /** Escapes the glob characters of SCAN MATCH, so a prefix is matched literally. */
    static String globEscape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
