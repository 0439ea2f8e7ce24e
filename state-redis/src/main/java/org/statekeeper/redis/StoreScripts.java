package org.statekeeper.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The store's Lua scripts; each runs atomically.
 *
 * <p>Each script but {@link #APPLY_MANY} touches one key. A value key's Redis string is {@code <version>:<json>} for a value and {@code <version>} alone
 * for a tombstone. Versions are compared as decimal strings (longer is larger, then lexicographic),
 * which is exact for every {@code long}, where Lua's doubles would round above 2^53.
 */
final class StoreScripts {

    /** The version-guarded write. KEYS[1] value key; ARGV: version, 'v' or 't', json, expiry in epoch ms or '', tombstone TTL ms. */
    static final LuaScript APPLY = LuaScript.of(
            // Only the version prefix is read, however large the value.
            "local held = string.match(redis.call('GETRANGE', KEYS[1], 0, 20), '^%d+')",
            "local v = ARGV[1]",
            "if held and (#held > #v or (#held == #v and held >= v)) then return 0 end",
            "if ARGV[2] == 'v' then",
            "  if ARGV[4] == '' then",
            "    redis.call('SET', KEYS[1], v .. ':' .. ARGV[3])",
            "    return 1",
            "  end",
            "  local t = redis.call('TIME')",
            "  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)",
            "  if tonumber(ARGV[4]) > now then",
            "    redis.call('SET', KEYS[1], v .. ':' .. ARGV[3], 'PXAT', ARGV[4])",
            "    return 1",
            "  end",
            "end",
            // Deleted, or already expired by Redis's clock: keep only the version, so nothing older comes back.
            "redis.call('SET', KEYS[1], v, 'PX', ARGV[5])",
            "return 1");

    /**
     * {@link #APPLY} for many keys in one call, on a standalone Redis (a cluster would need every key in one
     * slot). KEYS: value keys; ARGV[1]: tombstone TTL ms, then per key the first four arguments of APPLY.
     * Answers how many were applied.
     */
    static final LuaScript APPLY_MANY = LuaScript.of(
            "local ttl = ARGV[1]",
            "local now = nil",
            "local applied = 0",
            "for i, key in ipairs(KEYS) do",
            "  local a = 2 + (i - 1) * 4",
            "  local v = ARGV[a]",
            "  local held = string.match(redis.call('GETRANGE', key, 0, 20), '^%d+')",
            "  if not (held and (#held > #v or (#held == #v and held >= v))) then",
            "    local done = false",
            "    if ARGV[a + 1] == 'v' then",
            "      if ARGV[a + 3] == '' then",
            "        redis.call('SET', key, v .. ':' .. ARGV[a + 2])",
            "        done = true",
            "      else",
            "        if not now then",
            "          local t = redis.call('TIME')",
            "          now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)",
            "        end",
            "        if tonumber(ARGV[a + 3]) > now then",
            "          redis.call('SET', key, v .. ':' .. ARGV[a + 2], 'PXAT', ARGV[a + 3])",
            "          done = true",
            "        end",
            "      end",
            "    end",
            "    if not done then redis.call('SET', key, v, 'PX', ttl) end",
            "    applied = applied + 1",
            "  end",
            "end",
            "return applied");

    /** Takes or renews a lease. KEYS[1] lock key; ARGV: owner, lease ms. */
    static final LuaScript TRY_LOCK = LuaScript.of(
            "local held = redis.call('GET', KEYS[1])",
            "if held and held ~= ARGV[1] then return 0 end",
            "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])",
            "return 1");

    /** Releases a lease only if the caller holds it. KEYS[1] lock key; ARGV: owner. */
    static final LuaScript UNLOCK = LuaScript.of(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end",
            "return 0");

    /** Forgets a key held at a version no newer than ARGV[1] (tombstone or stale value). KEYS[1] value key. */
    static final LuaScript FORGET = LuaScript.of(
            "local held = string.match(redis.call('GETRANGE', KEYS[1], 0, 20), '^%d+')",
            "local v = ARGV[1]",
            "if not held or #held > #v or (#held == #v and held > v) then return 0 end",
            "return redis.call('DEL', KEYS[1])");

    /**
     * Records a node's checkpoint only while the server is still the life the caller applied to: its run id
     * is read in the same atomic step. KEYS[1] checkpoints hash; ARGV: node, micros, run id to check ('' to
     * skip), epoch to record ('' for none). The epoch is the field {@code @epoch}, which no node id can be.
     */
    static final LuaScript MARK_CHECKPOINT = LuaScript.of(
            "if ARGV[3] ~= '' then",
            "  local id = string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')",
            "  if id ~= ARGV[3] then return 0 end",
            "end",
            "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])",
            "if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], '@epoch', ARGV[4]) end",
            "return 1");

    /**
     * Reads a value with its remaining life in one atomic step. KEYS[1] value key. Answers an empty array
     * for an absent key, else the stored string and its PTTL in ms (-1: no expiry).
     */
    static final LuaScript READ_EXPIRING = LuaScript.of(
            "local v = redis.call('GET', KEYS[1])",
            "if not v then return {} end",
            "return {v, redis.call('PTTL', KEYS[1])}");

    static final List<LuaScript> ALL = List.of(APPLY, APPLY_MANY, TRY_LOCK, UNLOCK, FORGET, MARK_CHECKPOINT, READ_EXPIRING);

    private static final String VALUE = "v";
    private static final String TOMBSTONE = "t";

    private StoreScripts() {
    }

    /** Returns the arguments of {@link #APPLY}. */
    static String[] applyArgs(long version, String json, Instant expiresAt, Duration tombstoneTtl) {
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative, was " + version);
        }
        return new String[] {
            Long.toString(version),
            json == null ? TOMBSTONE : VALUE,
            json == null ? "" : json,
            // Rounded down: the value may vanish up to 1 ms early, never stay visible after its expiry.
            json == null || expiresAt == null ? "" : Long.toString(expiresAt.toEpochMilli()),
            Long.toString(tombstoneTtl.toMillis())
        };
    }

    /** Returns the arguments of {@link #TRY_LOCK}. */
    static String[] tryLockArgs(String owner, Duration lease) {
        if (owner == null || owner.isEmpty()) {
            throw new IllegalArgumentException("lock owner must not be empty");
        }
        if (lease.toMillis() <= 0) {
            throw new IllegalArgumentException("lock lease must be at least 1 ms, was " + lease);
        }
        return new String[] {owner, Long.toString(lease.toMillis())};
    }
}
