package org.statekeeper.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisConnectionException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.core.runtime.StatekeeperSettings;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.StoredValue;
import org.statekeeper.testing.store.StateStoreContract;
import org.statekeeper.testing.support.LocalRedis;
import org.statekeeper.testing.support.RequiresRedisServer;
import org.statekeeper.testing.support.TestRedis;
import org.statekeeper.testing.support.ThrowawayCa;

/**
 * The store contract over TLS only: a real {@code redis-server} with no plain port, a certificate from a CA
 * the test makes, and client certificates required ({@code tls-auth-clients yes}); the stores are configured
 * through the {@code state.redis.tls.*} properties. A client that does not trust the CA, or shows no
 * certificate, is refused with an error that says so.
 */
@RequiresRedisServer
class RedisTlsStoreTest extends StateStoreContract {

    @RegisterExtension
    static final LocalRedis REDIS = new LocalRedis();

    private static ThrowawayCa ca;
    private static LocalRedis.Node server;

    @BeforeAll
    static void startTlsOnlyRedis() {
        ca = ThrowawayCa.create(REDIS.dir());
        server = REDIS.tlsServer("tls", ca.serverCertificatePem(), ca.serverKeyPem(), ca.caPem(), true);
    }

    private static String uri() {
        return "rediss://127.0.0.1:" + server.port();
    }

    /** Settings as an operator writes them: the CA's PEM file as trust, the client's PKCS12 store and its password. */
    private static RedisSettings configured(Map<String, String> tls) {
        Map<String, String> all = new HashMap<>(tls);
        all.put("state.store", "redis");
        all.put(RedisStoreProvider.URI, uri());
        all.put(RedisStoreProvider.TIMEOUT, "5s");
        all.put(RedisStoreProvider.KEY_PREFIX, TestRedis.uniquePrefix());
        return RedisStoreProvider.settings(StatekeeperSettings.read(all).source());
    }

    private static Map<String, String> trustAndClientCertificate() {
        return Map.of(RedisStoreProvider.TLS_TRUST_STORE, ca.caPem().toString(),
                RedisStoreProvider.TLS_KEY_STORE, ca.clientKeyStore().toString(),
                RedisStoreProvider.TLS_KEY_STORE_PASSWORD, ThrowawayCa.PASSWORD);
    }

    @Override
    protected StateStore openStore() {
        return new RedisStateStore(configured(trustAndClientCertificate()));
    }

    @Override
    protected void closeStore(StateStore opened) {
        ((RedisStateStore) opened).close();
    }

    @Test
    void aPkcs12TrustStoreWithItsPasswordWorksLikeThePemFile() {
        Map<String, String> tls = new HashMap<>(trustAndClientCertificate());
        tls.put(RedisStoreProvider.TLS_TRUST_STORE, ca.caTrustStore().toString());
        tls.put(RedisStoreProvider.TLS_TRUST_STORE_PASSWORD, ThrowawayCa.PASSWORD);
        try (RedisStateStore viaStore = new RedisStateStore(configured(tls))) {
            assertTrue(viaStore.apply("k", 1, "\"over tls\""));
            assertEquals(Optional.of(new StoredValue("\"over tls\"", 1)), viaStore.get("k"));
            viaStore.clear();
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRefusedNamingTheCertificateProblem() {
        Map<String, String> noTrust = Map.of(RedisStoreProvider.TLS_KEY_STORE, ca.clientKeyStore().toString(),
                RedisStoreProvider.TLS_KEY_STORE_PASSWORD, ThrowawayCa.PASSWORD);
        try (RedisStateStore untrusting = new RedisStateStore(configured(noTrust))) {
            RedisConnectionException e = assertThrows(RedisConnectionException.class, () -> untrusting.get("k"));
            String chain = causes(e);
            assertTrue(chain.contains("PKIX path building failed") || chain.contains("unable to find valid certification path"),
                    chain);
            assertFalse(untrusting.ping(), "no command gets through");
        }
    }

    @Test
    void aClientWithoutACertificateIsRefusedByARedisThatChecksClients() {
        try (RedisStateStore anonymous = new RedisStateStore(configured(
                Map.of(RedisStoreProvider.TLS_TRUST_STORE, ca.caPem().toString())))) {
            RedisConnectionException e = assertThrows(RedisConnectionException.class, () -> anonymous.get("k"));
            assertTrue(causes(e).contains("Unable to connect") || causes(e).contains("SSL"), causes(e));
        }
        assertTrue(server.alive());
    }

    @Test
    void aWrongStorePasswordFailsAtDeploymentNamingThePropertyWithoutQuotingThePassword() {
        Map<String, String> wrong = new HashMap<>(trustAndClientCertificate());
        wrong.put(RedisStoreProvider.TLS_KEY_STORE_PASSWORD, "not-the-s3cret");
        StateConfigurationException e = assertThrows(StateConfigurationException.class, () -> configured(wrong));
        assertEquals(RedisStoreProvider.TLS_KEY_STORE, e.getKey());
        assertTrue(e.getMessage().contains(RedisStoreProvider.TLS_KEY_STORE_PASSWORD), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-s3cret"), e.getMessage());
    }

    @Test
    void storesForAPlainUriAreRejectedNamingTheStoreProperty() {
        Map<String, String> all = new HashMap<>(trustAndClientCertificate());
        all.put(RedisStoreProvider.URI, "redis://127.0.0.1:" + server.port());
        all.put("state.store", "redis");
        StateConfigurationException e = assertThrows(StateConfigurationException.class,
                () -> RedisStoreProvider.settings(StatekeeperSettings.read(all).source()));
        assertEquals(RedisStoreProvider.TLS_TRUST_STORE, e.getKey());
        assertTrue(e.getMessage().contains("rediss://"), e.getMessage());
    }

    @Test
    void aMissingTrustStoreFileIsRejectedNamingTheProperty() {
        StateConfigurationException e = assertThrows(StateConfigurationException.class, () -> configured(
                Map.of(RedisStoreProvider.TLS_TRUST_STORE, REDIS.dir().resolve("nothing-here.pem").toString())));
        assertEquals(RedisStoreProvider.TLS_TRUST_STORE, e.getKey());
        assertTrue(e.getMessage().contains("readable file"), e.getMessage());
    }

    @Test
    void aTlsOnlyRedisRefusesAPlainConnection() {
        try (RedisStateStore plain = new RedisStateStore(new RedisSettings("redis://127.0.0.1:" + server.port(),
                null, Duration.ofSeconds(2), TestRedis.uniquePrefix()))) {
            assertFalse(plain.ping());
        }
    }

    private static String causes(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
