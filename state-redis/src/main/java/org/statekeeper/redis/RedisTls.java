package org.statekeeper.redis;

import io.lettuce.core.SslOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a TLS connection to Redis trusts and presents beyond the JDK's defaults: a trust store with the CA
 * that signed Redis's certificate, and a key store with this client's certificate for a Redis that checks
 * clients ({@code tls-auth-clients yes}). Both are optional; passwords never appear in {@link #toString()}.
 *
 * @param trustStore a PEM file of CA certificates, or a PKCS12/JKS trust store; null: the JDK's trusted CAs
 * @param trustStorePassword the trust store's password; null for a PEM file or a store without one
 * @param keyStore a PKCS12/JKS key store with this client's key and certificate chain; null: no client certificate
 * @param keyStorePassword the key store's password; null for none
 */
public record RedisTls(Path trustStore, String trustStorePassword, Path keyStore, String keyStorePassword) {

    /** No trust store and no key store: the JDK's trusted CAs, no client certificate. */
    public static final RedisTls DEFAULT = new RedisTls(null, null, null, null);

    /**
     * Returns settings trusting the CA certificates in {@code trustStore} and presenting no client certificate.
     *
     * @param trustStore a PEM file of CA certificates, or a PKCS12/JKS trust store without a password
     * @return the settings
     */
    public static RedisTls trusting(Path trustStore) {
        return new RedisTls(trustStore, null, null, null);
    }

    /** Returns whether anything differs from the JDK's defaults. */
    public boolean configured() {
        return trustStore != null || keyStore != null;
    }

    /**
     * Returns whether {@code file} is PEM text rather than a binary key store, from its first bytes.
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    static boolean isPem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns Lettuce's options for these stores (the JDK's TLS, which needs no native library). */
    SslOptions sslOptions() {
        SslOptions.Builder builder = SslOptions.builder().jdkSslProvider();
        if (trustStore != null) {
            if (isPem(trustStore)) {
                builder.trustManager(trustStore.toFile());
            } else {
                builder.truststore(trustStore.toFile(), trustStorePassword);
            }
        }
        if (keyStore != null) {
            builder.keystore(keyStore.toFile(), keyStorePassword == null ? null : keyStorePassword.toCharArray());
        }
        return builder.build();
    }

    /** Returns the stores' paths with the passwords masked. */
    @Override
    public String toString() {
        return "RedisTls[trustStore=" + trustStore + ", trustStorePassword=" + mask(trustStorePassword)
                + ", keyStore=" + keyStore + ", keyStorePassword=" + mask(keyStorePassword) + "]";
    }

    private static String mask(String password) {
        return password == null ? "none" : "****";
    }
}
