package org.statekeeper.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.spi.Settings;

/**
 * Reads {@code state.redis.tls.*} and checks at deployment that each store opens, so a wrong path or
 * password fails with the property's name instead of a handshake error at the first command.
 */
final class TlsProperties {

    /** Property naming a PEM file of CA certificates or a PKCS12/JKS trust store. */
    static final String TRUST_STORE = "state.redis.tls.trust-store";
    /** Property giving the trust store's password. */
    static final String TRUST_STORE_PASSWORD = "state.redis.tls.trust-store-password";
    /** Property naming a PKCS12/JKS key store with the client's certificate. */
    static final String KEY_STORE = "state.redis.tls.key-store";
    /** Property giving the key store's password. */
    static final String KEY_STORE_PASSWORD = "state.redis.tls.key-store-password";

    private static final String MASKED = "****";

    private TlsProperties() {
    }

    /**
     * Returns the TLS stores the properties name, each checked to open.
     *
     * @throws StateConfigurationException naming the first wrong property; a password is never quoted
     */
    static RedisTls read(Settings settings) {
        Optional<String> trustPassword = settings.value(TRUST_STORE_PASSWORD);
        Optional<String> keyPassword = settings.value(KEY_STORE_PASSWORD);
        Path trust = settings.value(TRUST_STORE).map(v -> readable(TRUST_STORE, v)).orElse(null);
        Path key = settings.value(KEY_STORE).map(v -> readable(KEY_STORE, v)).orElse(null);
        if (trust == null && trustPassword.isPresent()) {
            throw new StateConfigurationException(TRUST_STORE_PASSWORD, MASKED, "a password only with " + TRUST_STORE);
        }
        if (key == null && keyPassword.isPresent()) {
            throw new StateConfigurationException(KEY_STORE_PASSWORD, MASKED, "a password only with " + KEY_STORE);
        }
        if (trust != null) {
            if (RedisTls.isPem(trust)) {
                checkPem(trust);
            } else {
                checkStore(TRUST_STORE, TRUST_STORE_PASSWORD, trust, trustPassword.orElse(null));
            }
        }
        if (key != null) {
            checkStore(KEY_STORE, KEY_STORE_PASSWORD, key, keyPassword.orElse(null));
        }
        return new RedisTls(trust, trustPassword.orElse(null), key, keyPassword.orElse(null));
    }

    private static Path readable(String property, String value) {
        Path path;
        try {
            path = Paths.get(value);
        } catch (RuntimeException e) {
            throw new StateConfigurationException(property, value, "the path of a readable file");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new StateConfigurationException(property, value, "the path of a readable file (none is there)");
        }
        return path;
    }

    private static void checkPem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new GeneralSecurityException("no certificate in it");
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new StateConfigurationException(TRUST_STORE, file.toString(),
                    "a PEM file of CA certificates or a PKCS12/JKS trust store (" + e.getMessage() + ")");
        }
    }

    private static void checkStore(String property, String passwordProperty, Path file, String password) {
        try {
            KeyStore.getInstance(file.toFile(), password == null ? null : password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            // A wrong password shows as an IOException whose cause is an UnrecoverableKeyException.
            throw new StateConfigurationException(property, file.toString(), "a PKCS12 or JKS store that opens with "
                    + passwordProperty + " (" + e.getMessage() + ")");
        }
    }
}
