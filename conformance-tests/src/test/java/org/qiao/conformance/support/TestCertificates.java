package org.qiao.conformance.support;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made by the engine's own {@code certs} command, as an operator makes them for a pilot: a regional
 * CA, the engine's server certificate (localhost), a hospital node {@code hosp-a}, an expired node and a node
 * from an unknown CA.
 */
public record TestCertificates(Path dir, String password) {

    public static final String GOOD = "hosp-a";
    public static final String EXPIRED = "old-node";
    public static final String UNKNOWN = "rogue-node";
    /** A PIX Consumer that takes ITI-10 over TLS on localhost. */
    public static final String SUBSCRIBER = "pix-consumer";

    public static TestCertificates generate() throws Exception {
        var dir = Files.createTempDirectory("qiao-certs-");
        var password = "test-" + Long.toHexString(System.nanoTime());
        var jar = Path.of(System.getProperty("qiao.jar", "../routes/target/qiao.jar")).toAbsolutePath();
        var p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "certs", "--out", dir.toString(), "--password", password,
                "--server", "server:localhost,127.0.0.1", "--server", SUBSCRIBER + ":localhost,127.0.0.1", "--client", GOOD, "--expired", EXPIRED, "--untrusted", UNKNOWN)
                .redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("certs failed: " + out);
        }
        return new TestCertificates(dir, password);
    }

    /** Engine arguments: its key and trust stores, and TLS on the given doors ("http", "mllp"). */
    public List<String> engineArgs(String... doors) {
        var args = new ArrayList<>(List.of(
                "--qiao.tls.key-store=" + dir.resolve("server.p12"),
                "--qiao.tls.key-store-password=" + password,
                "--qiao.tls.trust-store=" + dir.resolve("truststore.p12"),
                "--qiao.tls.trust-store-password=" + password));
        for (var door : doors) {
            args.add("--qiao.tls." + door + ".enabled=true");
        }
        return args;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** A client TLS context presenting node {@code name}'s certificate (null: none) and trusting the regional CA. */
    public SSLContext client(String name) throws Exception {
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load("truststore.p12"));
        var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(name == null ? null : load(name + ".p12"), password.toCharArray());
        var context = SSLContext.getInstance("TLS");
        context.init(name == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    /** A server TLS context for node {@code name} that requires client certificates of the regional CA. */
    public SSLContext server(String name) throws Exception {
        return client(name);
    }

    private KeyStore load(String file) throws Exception {
        try (InputStream in = Files.newInputStream(dir.resolve(file))) {
            var store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        }
    }
}
