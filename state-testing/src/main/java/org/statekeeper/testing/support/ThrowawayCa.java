package org.statekeeper.testing.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made for one test run with the running JDK's {@code keytool} (no other tool,
 * no dependency), and the certificates it signs for 127.0.0.1 and localhost: PEM files for a
 * {@code redis-server}, PKCS12 stores for a Java client. Keys are EC P-256; everything is valid for two days.
 *
 * @param dir where the files are
 * @param caPem the CA's certificate (PEM): what clients and servers trust
 * @param serverCertificatePem the server's certificate (PEM), for 127.0.0.1 and localhost
 * @param serverKeyPem the server's private key (PEM, PKCS#8, unencrypted)
 * @param clientKeyStore the client's key and certificate chain (PKCS12), password {@link #PASSWORD}
 * @param caTrustStore the CA's certificate as a PKCS12 trust store, password {@link #PASSWORD}
 */
public record ThrowawayCa(Path dir, Path caPem, Path serverCertificatePem, Path serverKeyPem, Path clientKeyStore,
        Path caTrustStore) {

    /** The password of every store made here. */
    public static final String PASSWORD = "changeit-sk-test";

    /**
     * Makes a new CA in {@code dir} and signs a server and a client certificate with it.
     *
     * @param dir an existing directory
     * @return the files made
     */
    public static ThrowawayCa create(Path dir) {
        Path ca = dir.resolve("ca.p12");
        Path caPem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=Statekeeper throwaway test CA", "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString());
        Path server = signed(dir, ca, "server", "CN=127.0.0.1");
        Path serverPem = dir.resolve("server.pem");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", server.toString(), "-file", serverPem.toString());
        Path serverKey = dir.resolve("server.key");
        writePrivateKeyPem(server, "server", serverKey);
        Path client = signed(dir, ca, "client", "CN=statekeeper-test-client");
        Path trust = dir.resolve("ca-trust.p12");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", trust.toString());
        return new ThrowawayCa(dir, caPem, serverPem, serverKey, client, trust);
    }

    /** Returns a key store holding a new key pair for {@code alias} and its certificate chain signed by the CA. */
    private static Path signed(Path dir, Path ca, String alias, String dname) {
        Path store = dir.resolve(alias + ".p12");
        Path request = dir.resolve(alias + ".csr");
        Path reply = dir.resolve(alias + ".crt");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "2", "-keystore", store.toString());
        keytool("-certreq", "-alias", alias, "-keystore", store.toString(), "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile", request.toString(),
                "-outfile", reply.toString(), "-validity", "2", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-ext", "KU=digitalSignature,keyAgreement", "-ext", "EKU=serverAuth,clientAuth");
        // The reply is accepted only once the CA that signed it is in the store.
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", dir.resolve("ca.pem").toString(),
                "-keystore", store.toString());
        keytool("-importcert", "-alias", alias, "-file", reply.toString(), "-keystore", store.toString());
        return store;
    }

    private static void writePrivateKeyPem(Path store, String alias, Path target) {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            PrivateKey key = (PrivateKey) keys.getKey(alias, PASSWORD.toCharArray());
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.getEncoded());
            Files.writeString(target, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the key of " + store, e);
        }
    }

    private static void keytool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        if (List.of(arguments).contains("-genkeypair")) {
            command.addAll(List.of("-keypass", PASSWORD));
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + arguments[0] + " failed: "
                        + new String(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
