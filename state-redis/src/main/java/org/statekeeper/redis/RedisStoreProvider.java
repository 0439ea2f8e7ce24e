package org.statekeeper.redis;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.statekeeper.StateChanged;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.spi.ChangeFeed;
import org.statekeeper.spi.Credentials;
import org.statekeeper.spi.Settings;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.StorePlugin;
import org.statekeeper.spi.StoreProvider;

/**
 * The {@code redis} store plugin, found through {@link java.util.ServiceLoader}: reads
 * {@code state.redis.*} and opens a {@link RedisStateStore} with its change feed. Lettuce classes load
 * only when this store is chosen.
 */
public final class RedisStoreProvider implements StoreProvider {

    /** Property giving the Redis URI(s). */
    public static final String URI = "state.redis.uri";
    /** Property forcing the Redis client type. */
    public static final String CLIENT_TYPE = "state.redis.client-type";
    /** Property prefixing every Redis key. */
    public static final String KEY_PREFIX = "state.redis.key-prefix";
    /** Property bounding each Redis command. */
    public static final String TIMEOUT = "state.redis.timeout";
    /** Property naming a PEM file of CA certificates or a PKCS12/JKS trust store for {@code rediss://}. */
    public static final String TLS_TRUST_STORE = TlsProperties.TRUST_STORE;
    /** Property giving the password of {@link #TLS_TRUST_STORE}, if it has one. */
    public static final String TLS_TRUST_STORE_PASSWORD = TlsProperties.TRUST_STORE_PASSWORD;
    /** Property naming a PKCS12/JKS key store with the client certificate a Redis with {@code tls-auth-clients} asks for. */
    public static final String TLS_KEY_STORE = TlsProperties.KEY_STORE;
    /** Property giving the password of {@link #TLS_KEY_STORE}. */
    public static final String TLS_KEY_STORE_PASSWORD = TlsProperties.KEY_STORE_PASSWORD;

    private static final String URI_FORMS = "redis://[user:password@]host[:port][/database], rediss://… (TLS),"
            + " redis-sentinel://host:port[,host:port]/[database]#masterName (rediss-sentinel:// with TLS), or several"
            + " redis:// URIs separated by commas (a cluster)";

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public StorePlugin open(Settings settings) {
        RedisSettings redis = settings(settings);
        return new Opened(new RedisStateStore(redis), redis);
    }

    /**
     * Reads and validates the {@code state.redis.*} properties; failures name the property, the value
     * with its credentials masked, and the accepted forms.
     *
     * @param settings the configuration
     * @return the Redis settings
     * @throws StateConfigurationException naming the first wrong property
     */
    public static RedisSettings settings(Settings settings) {
        String value = settings.value(URI).orElseThrow(() -> new StateConfigurationException(URI, "",
                URI_FORMS + " (required when state.store=redis)"));
        String detected;
        try {
            detected = RedisSettings.detect(value, null).name().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new StateConfigurationException(URI, value, URI_FORMS);
        }
        String clientType = settings.oneOf(CLIENT_TYPE, detected, List.of("standalone", "sentinel", "cluster"));
        String prefix = settings.value(KEY_PREFIX).orElse(RedisSettings.DEFAULT_KEY_PREFIX);
        try {
            RedisSettings.checkKeyPrefix(prefix);
        } catch (IllegalArgumentException e) {
            throw new StateConfigurationException(KEY_PREFIX, prefix,
                    "1 to 64 printable characters without spaces (default " + RedisSettings.DEFAULT_KEY_PREFIX + ")");
        }
        Duration timeout = settings.duration(TIMEOUT, RedisSettings.DEFAULT_COMMAND_TIMEOUT, Duration.ofMillis(10),
                Duration.ofMinutes(5));
        RedisTls tls = TlsProperties.read(settings);
        RedisSettings parsed;
        try {
            parsed = new RedisSettings(value, RedisSettings.ClientType.parse(clientType), timeout, prefix);
        } catch (IllegalArgumentException e) {
            // The parser's reason may quote the URI: masked too.
            String reason = Credentials.scrub(e.getMessage(), value);
            if (!clientType.equals(detected) && fitsItsOwnType(value, detected, timeout, prefix)) {
                // The URI is fine as it is: the explicit client type is what does not fit it.
                throw new StateConfigurationException(CLIENT_TYPE, clientType, detected + " for the URI in " + URI
                        + ", or unset (" + reason + ")");
            }
            throw new StateConfigurationException(URI, value, URI_FORMS + " (" + reason + ")");
        }
        if (tls.configured() && !parsed.redisUris().get(0).isSsl()) {
            throw new StateConfigurationException(tls.trustStore() != null ? TLS_TRUST_STORE : TLS_KEY_STORE,
                    String.valueOf(tls.trustStore() != null ? tls.trustStore() : tls.keyStore()),
                    "a store only with a TLS URI: " + URI + " must start with rediss:// or rediss-sentinel://");
        }
        return parsed.withTls(tls);
    }

    private static boolean fitsItsOwnType(String uri, String detected, Duration timeout, String prefix) {
        try {
            new RedisSettings(uri, RedisSettings.ClientType.parse(detected), timeout, prefix);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private record Opened(RedisStateStore store, RedisSettings settings) implements StorePlugin {

        @Override
        public Optional<ChangeFeed> openFeed(String instanceId, Consumer<StateChanged> remote) {
            RedisChangeFeed feed = new RedisChangeFeed(store, instanceId, change ->
                    remote.accept(new StateChanged(change.key(), change.version(), change.type(), true)));
            return Optional.of(new ChangeFeed() {
                @Override
                public void publish(StateChanged change) {
                    feed.publish(change.key(), change.version(), change.type());
                }

                @Override
                public long continuity() {
                    return feed.continuity();
                }

                @Override
                public void reportUnannouncedWrites() {
                    feed.reportUnannouncedWrites();
                }

                @Override
                public void close() {
                    feed.close();
                }
            });
        }

        @Override
        public String describe() {
            return "redis " + settings.clientType().name().toLowerCase(Locale.ROOT) + " " + settings.maskedUri()
                    + " prefix " + settings.keyPrefix();
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
