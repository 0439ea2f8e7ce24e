package org.statekeeper.redis;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.statekeeper.spi.Credentials;

/**
 * Where and how to reach Redis; every component is validated on construction.
 *
 * <p>Accepted URIs, with user name, password and database inside the URI as Lettuce parses them
 * ({@code redis://user:password@host:6379/2}):
 * <ul>
 *   <li>{@code redis://host:port} and {@code rediss://host:port} (TLS): one Redis server;</li>
 *   <li>{@code redis-sentinel://host1:26379,host2:26379/0#mymaster} (or {@code rediss-sentinel://}):
 *       the master that the sentinels name;</li>
 *   <li>a comma-separated list such as {@code redis://h1:7000,redis://h2:7001} (a part without a
 *       scheme takes the first part's scheme and credentials), or any {@code redis://} URI with the
 *       client type {@link ClientType#CLUSTER}: a Redis Cluster, always database 0.</li>
 * </ul>
 *
 * <p>The key prefix must not be a prefix of another application's key prefix on the same Redis:
 * {@link RedisStateStore#clear()} removes every key that starts with it.
 *
 * @param uri the Redis URI, possibly a comma-separated list for a cluster
 * @param clientType how to connect; null: {@link #detect(String, ClientType) detected} from the URI
 * @param commandTimeout the longest a command or a connection attempt may take; null: {@link #DEFAULT_COMMAND_TIMEOUT}
 * @param keyPrefix the start of every key and channel name; null: {@link #DEFAULT_KEY_PREFIX}
 * @param tls the trust and key stores of a TLS connection; null: {@link RedisTls#DEFAULT}
 */
public record RedisSettings(String uri, ClientType clientType, Duration commandTimeout, String keyPrefix, RedisTls tls) {

    /** The key prefix used when none is configured. */
    public static final String DEFAULT_KEY_PREFIX = "statekeeper:";

    /** The command timeout used when none is configured. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private static final Set<String> PLAIN_SCHEMES = Set.of("redis", "rediss");
    private static final Set<String> SENTINEL_SCHEMES = Set.of("redis-sentinel", "rediss-sentinel");
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://");
    private static final Pattern USER_INFO = Pattern.compile("://([^@/,]*)@");
    private static final String ACCEPTED = "expected redis://host:port, rediss://host:port, "
            + "redis-sentinel://host:port#master or a comma-separated list of redis:// URIs for a cluster";

    /** The ways of connecting to Redis. */
    public enum ClientType {
        /** One Redis server. */
        STANDALONE,
        /** The master that a group of sentinels names, followed through failovers. */
        SENTINEL,
        /** A Redis Cluster, its topology discovered from the given nodes. */
        CLUSTER;

        /**
         * Returns the client type named {@code name}, ignoring case ({@code standalone}, {@code sentinel}, {@code cluster}).
         *
         * @throws IllegalArgumentException when {@code name} names no client type
         */
        public static ClientType parse(String name) {
            if (name != null) {
                for (ClientType type : values()) {
                    if (type.name().equalsIgnoreCase(name.trim())) {
                        return type;
                    }
                }
            }
            throw new IllegalArgumentException("Redis client type '" + name
                    + "' is not valid; expected standalone, sentinel or cluster");
        }
    }

    /**
     * Validates and completes the settings.
     *
     * @throws IllegalArgumentException when the URI cannot be parsed, has a wrong scheme or does not
     *     fit the client type, when the timeout is not positive, when the key prefix is not 1 to 64
     *     printable characters without spaces, or when TLS stores are given for a URI without TLS
     */
    public RedisSettings {
        clientType = detect(uri, clientType);
        commandTimeout = commandTimeout == null ? DEFAULT_COMMAND_TIMEOUT : commandTimeout;
        keyPrefix = keyPrefix == null ? DEFAULT_KEY_PREFIX : keyPrefix;
        tls = tls == null ? RedisTls.DEFAULT : tls;
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("Redis command timeout must be positive, was " + commandTimeout);
        }
        checkKeyPrefix(keyPrefix);
        List<RedisURI> parsed = parse(uri, clientType, commandTimeout);
        if (tls.configured() && !parsed.get(0).isSsl()) {
            // Stores given for a plain connection would be silently unused: the operator meant TLS.
            throw new IllegalArgumentException("TLS trust or key stores are configured, but Redis URI " + quoted(uri)
                    + " does not use TLS; use rediss:// or rediss-sentinel://");
        }
    }

    /**
     * Validates and completes settings that use the JDK's defaults for TLS.
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public RedisSettings(String uri, ClientType clientType, Duration commandTimeout, String keyPrefix) {
        this(uri, clientType, commandTimeout, keyPrefix, null);
    }

    /**
     * Checks a key prefix: 1 to 64 printable characters without spaces. An empty prefix would make a
     * rebuild's clear remove every key of a shared Redis; the rest keeps prefixes readable in
     * {@code redis-cli} and in the server's log.
     *
     * @param prefix the prefix to check
     * @throws IllegalArgumentException saying what is accepted
     */
    public static void checkKeyPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.length() > 64
                || prefix.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("Redis key prefix must be 1 to 64 printable characters without spaces"
                    + " (default " + DEFAULT_KEY_PREFIX + ")");
        }
    }

    /**
     * Creates settings for {@code uri} with the detected client type, the default timeout and the default key prefix.
     *
     * @throws IllegalArgumentException when the URI is not valid
     */
    public RedisSettings(String uri) {
        this(uri, null, null, null);
    }

    /**
     * Returns these settings with {@code prefix} as key prefix.
     *
     * @throws IllegalArgumentException when {@code prefix} is not 1 to 64 printable characters without spaces
     */
    public RedisSettings withKeyPrefix(String prefix) {
        return new RedisSettings(uri, clientType, commandTimeout, prefix, tls);
    }

    /**
     * Returns these settings with {@code stores} for TLS.
     *
     * @throws IllegalArgumentException when stores are given and the URI does not use TLS
     */
    public RedisSettings withTls(RedisTls stores) {
        return new RedisSettings(uri, clientType, commandTimeout, keyPrefix, stores);
    }

    /**
     * Returns {@code explicitType} when given, otherwise the client type the URI implies:
     * {@code redis-sentinel://} means SENTINEL, several comma-separated hosts mean CLUSTER, anything else STANDALONE.
     *
     * @throws IllegalArgumentException when {@code uri} is null or blank
     */
    public static ClientType detect(String uri, ClientType explicitType) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("Redis URI is empty; " + ACCEPTED);
        }
        if (explicitType != null) {
            return explicitType;
        }
        String scheme = scheme(uri.trim());
        if (scheme != null && SENTINEL_SCHEMES.contains(scheme)) {
            return ClientType.SENTINEL;
        }
        return parts(uri).size() > 1 ? ClientType.CLUSTER : ClientType.STANDALONE;
    }

    /** Returns the URI with passwords replaced by {@code ****}, fit for messages and logs. */
    public String maskedUri() {
        return mask(uri);
    }

    /** Returns the settings with the password masked. */
    @Override
    public String toString() {
        return "RedisSettings[uri=" + maskedUri() + ", clientType=" + clientType + ", commandTimeout="
                + commandTimeout + ", keyPrefix=" + keyPrefix + ", tls=" + tls + "]";
    }

    /** Returns the parsed URIs, each carrying the command timeout; more than one only for a cluster. */
    List<RedisURI> redisUris() {
        return parse(uri, clientType, commandTimeout);
    }

    private static List<RedisURI> parse(String uri, ClientType type, Duration timeout) {
        List<String> parts = type == ClientType.SENTINEL ? List.of(uri.trim()) : parts(uri);
        Set<String> accepted = type == ClientType.SENTINEL ? SENTINEL_SCHEMES : PLAIN_SCHEMES;
        if (type == ClientType.STANDALONE && parts.size() > 1) {
            throw new IllegalArgumentException("Redis URI " + quoted(uri)
                    + " names several hosts, which needs the client type cluster");
        }
        String first = parts.get(0);
        String scheme = scheme(first);
        if (scheme == null || !accepted.contains(scheme)) {
            throw new IllegalArgumentException("Redis URI " + quoted(uri) + " has "
                    + (scheme == null ? "no scheme" : "the scheme '" + scheme + "'") + " where client type "
                    + type.name().toLowerCase(Locale.ROOT) + " needs " + String.join(" or ", sorted(accepted)) + "; "
                    + ACCEPTED);
        }
        String inherited = inheritedStart(first);
        List<RedisURI> result = new ArrayList<>(parts.size());
        for (String part : parts) {
            String full = scheme(part) == null ? inherited + part : part;
            String partScheme = scheme(full);
            if (partScheme == null || !accepted.contains(partScheme)) {
                throw new IllegalArgumentException("Redis URI " + quoted(uri) + " mixes schemes; every part must use "
                        + String.join(" or ", sorted(accepted)) + "; " + ACCEPTED);
            }
            RedisURI parsed = create(full, uri);
            checkHost(parsed.getHost(), uri);
            parsed.getSentinels().forEach(sentinel -> checkHost(sentinel.getHost(), uri));
            if (type == ClientType.SENTINEL && parsed.getSentinelMasterId() == null) {
                throw new IllegalArgumentException("Redis URI " + quoted(uri)
                        + " names no master; append #name-of-the-master");
            }
            if (type == ClientType.CLUSTER && parsed.getDatabase() != 0) {
                throw new IllegalArgumentException("Redis URI " + quoted(uri)
                        + " selects database " + parsed.getDatabase() + ", but a Redis Cluster only has database 0");
            }
            parsed.setTimeout(timeout);
            result.add(parsed);
        }
        return result;
    }

    private static RedisURI create(String part, String whole) {
        try {
            return RedisURI.create(part);
        } catch (RuntimeException e) {
            // The cause is not chained and its message is masked: both may quote the URI, password and all.
            String reason = Credentials.scrub(Credentials.scrub(String.valueOf(e.getMessage()), part), whole);
            throw new IllegalArgumentException("Redis URI " + quoted(whole) + " cannot be parsed: " + reason
                    + "; " + ACCEPTED);
        }
    }

    /** Rejects what Lettuce takes leniently as a host name, such as {@code h:notaport} or {@code my_host:6379}. */
    private static void checkHost(String host, String whole) {
        if (host != null && host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            throw new IllegalArgumentException("Redis URI " + quoted(whole) + " has no valid host and port in '"
                    + Credentials.scrub(host, whole) + "' (the port must be a number, and a host name must not contain '_'); " + ACCEPTED);
        }
    }

    private static List<String> parts(String uri) {
        List<String> parts = new ArrayList<>();
        for (String part : uri.split(",")) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("Redis URI is empty; " + ACCEPTED);
        }
        return parts;
    }

    private static String scheme(String part) {
        Matcher m = SCHEME.matcher(part);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    /** Returns "scheme://" plus the user info of {@code first}, which later scheme-less cluster parts share. */
    private static String inheritedStart(String first) {
        Matcher scheme = SCHEME.matcher(first);
        scheme.find();
        String start = scheme.group();
        Matcher info = USER_INFO.matcher(first);
        return info.find() && info.start() == scheme.end() - 3 ? start + info.group(1) + "@" : start;
    }

    private static List<String> sorted(Set<String> schemes) {
        return schemes.stream().sorted().map(s -> s + "://").toList();
    }

    private static String quoted(String uri) {
        return "'" + mask(uri) + "'";
    }

    private static String mask(String uri) {
        return Credentials.mask(uri);
    }
}
