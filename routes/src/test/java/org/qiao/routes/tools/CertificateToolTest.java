package org.qiao.routes.tools;

import org.qiao.routes.security.tls.TlsContext;
import org.qiao.routes.security.tls.TlsProperties;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qiao.QiaoApplication;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CertificateToolTest {

    private static final String PASSWORD = "test-only-password";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @TempDir
    static Path dir;
    static CertificateTool.Result result;
    static ExecutorService serverThread = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void generate() throws Exception {
        result = CertificateTool.generate(new CertificateTool.Options().out(dir).password(PASSWORD)
                .server("server", "localhost", "127.0.0.1", "::1")
                .client("hosp-a")
                .expired("old-clinic")
                .untrusted("stranger"));
    }

    @AfterAll
    static void stop() {
        serverThread.shutdownNow();
    }

    @Test
    void storesLoadAndHoldTheCaAndTheNodes() throws Exception {
        KeyStore ca = load("ca.p12");
        assertThat(ca.isKeyEntry("ca")).isTrue();
        X509Certificate caCert = (X509Certificate) ca.getCertificate("ca");
        assertThat(caCert).isEqualTo(result.ca());
        assertThat(caCert.getSubjectX500Principal().getName()).isEqualTo("CN=Qiao Regional CA");
        assertThat(caCert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(caCert.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(caCert.getKeyUsage()[6]).as("cRLSign").isTrue();
        assertThat(caCert.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(caCert.getSigAlgName()).isEqualTo("SHA256withRSA");

        KeyStore trust = load("truststore.p12");
        assertThat(aliases(trust)).containsExactly("ca");
        assertThat(trust.isCertificateEntry("ca")).isTrue();
        assertThat(trust.getCertificate("ca")).isEqualTo(result.ca());

        KeyStore server = load("server.p12");
        assertThat(server.isKeyEntry("server")).isTrue();
        var chain = server.getCertificateChain("server");
        assertThat(chain).hasSize(2);
        assertThat(chain[1]).isEqualTo(result.ca());
        X509Certificate leaf = (X509Certificate) chain[0];
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=server");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(leaf.getKeyUsage()[2]).as("keyEncipherment").isTrue();
        assertThat(leaf.getKeyUsage()[5]).as("keyCertSign").isFalse();
        assertThat(leaf.getExtendedKeyUsage()).containsExactlyInAnyOrder(SERVER_AUTH, CLIENT_AUTH);
        assertThat(leaf.getSerialNumber().signum()).isPositive();
        assertThat(leaf.getSerialNumber()).isNotEqualTo(result.get("hosp-a").leaf().getSerialNumber());
        assertThat(((java.security.interfaces.RSAKey) leaf.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        // the leaf points at the CA's key
        var aki = AuthorityKeyIdentifier.fromExtensions(new JcaX509CertificateHolder(leaf).getExtensions());
        var caSki = SubjectKeyIdentifier.fromExtensions(new JcaX509CertificateHolder(caCert).getExtensions());
        assertThat(aki.getKeyIdentifier()).isEqualTo(caSki.getKeyIdentifier());
        assertThat(SubjectKeyIdentifier.fromExtensions(new JcaX509CertificateHolder(leaf).getExtensions())).isNotNull();
        // validity: an hour back for clock skew, 825 days ahead
        assertThat(leaf.getNotBefore().toInstant())
                .isCloseTo(Instant.now().minus(Duration.ofHours(1)), within(5, ChronoUnit.MINUTES));
        assertThat(leaf.getNotAfter().toInstant())
                .isCloseTo(Instant.now().plus(Duration.ofDays(825)), within(5, ChronoUnit.MINUTES));

        assertThat(result.passwordFile()).as("a given password is not written down").isNull();
        assertThat(dir.resolve("password.txt")).doesNotExist();
    }

    @Test
    void serverChainValidatesWithPkixAndNamesTheHosts() throws Exception {
        X509Certificate[] chain = chain("server");
        trustManager().checkServerTrusted(chain, "RSA");
        trustManager().checkClientTrusted(chain("hosp-a"), "RSA");

        assertThat(chain[0].getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(chain("hosp-a")[0].getSubjectAlternativeNames()).containsExactly(List.of(2, "hosp-a"));
        assertThat(chain("hosp-a")[0].getExtendedKeyUsage()).contains(SERVER_AUTH, CLIENT_AUTH);
    }

    @Test
    void expiredClientIsRefusedAsExpired() throws Exception {
        X509Certificate[] chain = chain("old-clinic");
        chain[0].verify(result.ca().getPublicKey()); // signed by the regional CA: refused for its dates only
        assertThat(chain[0].getNotAfter().toInstant()).isBefore(Instant.now());

        assertThatThrownBy(() -> trustManager().checkClientTrusted(chain, "RSA"))
                .isInstanceOf(CertificateException.class)
                .satisfies(e -> assertThat(causes(e)).anyMatch(CertificateExpiredException.class::isInstance));
    }

    @Test
    void clientOfAnUnknownCaIsRefused() throws Exception {
        X509Certificate[] chain = chain("stranger");
        assertThat(chain[1].getSubjectX500Principal().getName()).isEqualTo("CN=Unknown CA");
        assertThatThrownBy(() -> chain[0].verify(result.ca().getPublicKey())).isInstanceOf(SignatureException.class);
        assertThat(load("truststore.p12").getCertificateAlias(chain[1])).isNull();

        assertThatThrownBy(() -> trustManager().checkClientTrusted(chain, "RSA"))
                .isInstanceOf(CertificateException.class)
                .satisfies(e -> assertThat(causes(e)).noneMatch(CertificateExpiredException.class::isInstance));
    }

    @Test
    void secondRunReusesTheCaAndItsPassword(@TempDir Path other) throws Exception {
        var first = CertificateTool.generate(new CertificateTool.Options().out(other));
        // no password given: a random one, kept owner-only next to the stores
        Path passwordFile = other.resolve("password.txt");
        assertThat(first.passwordFile()).isEqualTo(passwordFile);
        assertThat(Files.readString(passwordFile).strip()).isEqualTo(first.password()).hasSizeGreaterThan(20);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(other.resolve("server.key"))))
                    .isEqualTo("rw-------");
        }
        // the default: one server, reachable by the local names
        assertThat(first.issued()).extracting(CertificateTool.Issued::name).containsExactly("server");
        assertThat(first.get("server").leaf().getSubjectAlternativeNames())
                .contains(List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        byte[] serverStore = Files.readAllBytes(other.resolve("server.p12"));

        var second = CertificateTool.generate(new CertificateTool.Options().out(other).client("hosp-b"));
        assertThat(second.caReused()).isTrue();
        assertThat(first.caReused()).isFalse();
        assertThat(second.password()).isEqualTo(first.password());
        assertThat(second.ca()).isEqualTo(first.ca());
        assertThat(second.issued()).extracting(CertificateTool.Issued::name).containsExactly("hosp-b");
        assertThat(Files.readAllBytes(other.resolve("server.p12"))).as("earlier nodes untouched").isEqualTo(serverStore);

        // the trust store handed out after the first run accepts the node added by the second
        var store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(other.resolve("truststore.p12"))) {
            store.load(in, first.password().toCharArray());
        }
        var tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(store);
        ((X509TrustManager) tmf.getTrustManagers()[0])
                .checkClientTrusted(second.get("hosp-b").chain().toArray(X509Certificate[]::new), "RSA");

        // a wrong password does not replace the CA
        byte[] caStore = Files.readAllBytes(other.resolve("ca.p12"));
        assertThatThrownBy(() -> CertificateTool.generate(
                new CertificateTool.Options().out(other).password("wrong").client("hosp-c")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--password");
        assertThat(Files.readAllBytes(other.resolve("ca.p12"))).isEqualTo(caStore);
        assertThat(other.resolve("hosp-c.p12")).doesNotExist();
    }

    @Test
    void pemFilesParseBack() throws Exception {
        List<Object> crt = readPem(dir.resolve("hosp-a.crt"));
        assertThat(crt).hasSize(2).allMatch(X509CertificateHolder.class::isInstance);
        assertThat(((X509CertificateHolder) crt.get(0)).getEncoded()).isEqualTo(result.get("hosp-a").leaf().getEncoded());
        assertThat(((X509CertificateHolder) crt.get(1)).getEncoded()).isEqualTo(result.ca().getEncoded());

        List<Object> ca = readPem(dir.resolve("ca.crt"));
        assertThat(ca).hasSize(1);
        assertThat(((X509CertificateHolder) ca.get(0)).getEncoded()).isEqualTo(result.ca().getEncoded());

        assertThat(Files.readString(dir.resolve("hosp-a.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        List<Object> key = readPem(dir.resolve("hosp-a.key"));
        assertThat(key).hasSize(1).first().isInstanceOf(PrivateKeyInfo.class);
        PrivateKey privateKey = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) key.get(0));
        // the key is the one the certificate names
        var signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(privateKey);
        signature.update("hello".getBytes(StandardCharsets.US_ASCII));
        byte[] signed = signature.sign();
        signature.initVerify(result.get("hosp-a").leaf());
        signature.update("hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(signature.verify(signed)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void handshakeWithAGoodClientSucceeds(String protocol) throws Exception {
        var outcome = handshake(clientContext("hosp-a"), protocol);
        assertThat(outcome.serverError).isNull();
        assertThat(outcome.clientError).isNull();
        assertThat(outcome.peer).isEqualTo("CN=hosp-a");
        assertThat(outcome.protocol).isEqualTo(protocol);
        assertThat(outcome.refusals).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void handshakeWithAClientOfAnUnknownCaFails(String protocol) throws Exception {
        var outcome = handshake(clientContext("stranger"), protocol);
        assertThat(outcome.peer).isNull();
        assertThat(outcome.serverError).isInstanceOf(SSLHandshakeException.class)
                .hasMessageNotContaining("Empty client certificate chain");
        assertThat(causes(outcome.serverError)).anyMatch(CertificateException.class::isInstance)
                .noneMatch(CertificateExpiredException.class::isInstance);
        assertThat(outcome.clientError).isInstanceOf(IOException.class);
        assertThat(outcome.refusals).containsExactly("CN=stranger");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void handshakeWithAnExpiredClientFails(String protocol) throws Exception {
        var outcome = handshake(clientContext("old-clinic"), protocol);
        assertThat(outcome.peer).isNull();
        assertThat(outcome.serverError).isInstanceOf(SSLHandshakeException.class);
        assertThat(causes(outcome.serverError)).anyMatch(CertificateExpiredException.class::isInstance);
        assertThat(outcome.clientError).isInstanceOf(IOException.class);
        assertThat(outcome.refusals).containsExactly("CN=old-clinic");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void handshakeWithoutClientCertificateFails(String protocol) throws Exception {
        var context = SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {trustManager()}, null);
        var outcome = handshake(context, protocol);
        assertThat(outcome.peer).isNull();
        assertThat(outcome.serverError).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("Empty client certificate chain");
        assertThat(outcome.clientError).isInstanceOf(IOException.class);
    }

    @Test
    void commandLineWritesTheFilesAndSaysWhereThePasswordIs(@TempDir Path other) throws Exception {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = CertificateTool.run(new String[] {"--out", other.toString(), "--days", "30",
                "--server", "node:node.example.org,10.0.0.7,fe80::1", "--client=hosp-c"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(other.resolve("password.txt").toString());
        for (String file : List.of("ca.p12", "ca.crt", "truststore.p12", "password.txt",
                "node.p12", "node.crt", "node.key", "hosp-c.p12", "hosp-c.crt", "hosp-c.key")) {
            assertThat(other.resolve(file)).isNotEmptyFile();
        }
        assertThat(other.resolve("server.p12")).as("asking for nodes replaces the default server").doesNotExist();

        var store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(other.resolve("node.p12"))) {
            store.load(in, Files.readString(other.resolve("password.txt")).strip().toCharArray());
        }
        var node = (X509Certificate) store.getCertificate("node");
        assertThat(node.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "node.example.org"), List.of(7, "10.0.0.7"), List.of(7, "fe80:0:0:0:0:0:0:1"));
        assertThat(node.getNotAfter().toInstant()).isCloseTo(Instant.now().plus(Duration.ofDays(30)),
                within(5, ChronoUnit.MINUTES));
    }

    @Test
    void commandLineRefusesBadArguments(@TempDir Path other) {
        for (String[] args : List.of(
                new String[] {"--out", other.toString(), "--bogus", "x"},
                new String[] {"--out", other.toString(), "--days", "soon"},
                new String[] {"--out", other.toString(), "--days", "0"},
                new String[] {"--out", other.toString(), "--client", "../escape"},
                new String[] {"--out", other.toString(), "--client", "ca"},
                new String[] {"--out", other.toString(), "--client", "a", "--expired", "a"},
                new String[] {"--out", other.toString(), "--password"})) {
            var err = new ByteArrayOutputStream();
            int code = CertificateTool.run(args, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).as(Arrays.toString(args)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: certs");
        }
        var help = new ByteArrayOutputStream();
        assertThat(CertificateTool.run(new String[] {"--out", other.toString(), "--help"},
                new PrintStream(help, true, StandardCharsets.UTF_8), System.err)).isZero();
        assertThat(help.toString(StandardCharsets.UTF_8)).contains("usage: certs", "--untrusted NAME");
        assertThat(other).isEmptyDirectory();
    }

    @Test
    void theJarsMainRunsTheCommandWithoutTheEngine(@TempDir Path other) {
        QiaoApplication.main(new String[] {"certs", "--out", other.toString(), "--password", "p", "--client", "hosp-d"});
        assertThat(other.resolve("hosp-d.p12")).isNotEmptyFile();
        assertThat(other.resolve("truststore.p12")).isNotEmptyFile();
    }

    // ---- helpers ----

    private record Outcome(String peer, String protocol, Throwable serverError, Throwable clientError,
                           List<String> refusals) {
    }

    /**
     * One connection on loopback: the server is set up as the engine sets up a door (TlsContext from server.p12 and
     * truststore.p12, client certificate required); the client checks the server's name as HTTPS does.
     */
    private static Outcome handshake(SSLContext clientContext, String protocol) throws Exception {
        var properties = new TlsProperties();
        properties.setKeyStore(dir.resolve("server.p12").toString());
        properties.setKeyStorePassword(PASSWORD);
        properties.setTrustStore(dir.resolve("truststore.p12").toString());
        properties.setTrustStorePassword(PASSWORD);
        var tls = new TlsContext(properties);
        List<String> refusals = new CopyOnWriteArrayList<>();
        tls.setListener((door, peer, chain, reason) ->
                refusals.add(chain.length == 0 ? "(none)" : chain[0].getSubjectX500Principal().getName()));

        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (var serverSocket = (SSLServerSocket) tls.sslContext("test").getServerSocketFactory()
                .createServerSocket(0, 1, loopback)) {
            serverSocket.setNeedClientAuth(true);
            serverSocket.setEnabledProtocols(tls.protocols());
            serverSocket.setSoTimeout(10_000);
            Future<String> server = serverThread.submit(() -> {
                try (var socket = (SSLSocket) serverSocket.accept()) {
                    socket.setSoTimeout(10_000);
                    socket.startHandshake();
                    String peer = socket.getSession().getPeerPrincipal().getName();
                    socket.getOutputStream().write(42);
                    socket.getOutputStream().flush();
                    return peer;
                }
            });

            String protocolUsed = null;
            Throwable clientError = null;
            try (var socket = (SSLSocket) clientContext.getSocketFactory()
                    .createSocket(loopback, serverSocket.getLocalPort())) {
                socket.setSoTimeout(10_000);
                var parameters = socket.getSSLParameters();
                parameters.setProtocols(new String[] {protocol});
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the server's SAN must name 127.0.0.1
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                // with TLS 1.3 the server judges the client's certificate after the client finished: read to see it
                assertThat(socket.getInputStream().read()).isEqualTo(42);
                protocolUsed = socket.getSession().getProtocol();
            } catch (IOException e) {
                clientError = e;
            }

            String peer = null;
            Throwable serverError = null;
            try {
                peer = server.get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                serverError = e.getCause();
            }
            return new Outcome(peer, protocolUsed, serverError, clientError, refusals);
        }
    }

    /**
     * A client that always presents its certificate, as curl --cert does. (The JDK's own key manager would keep
     * back a certificate whose CA is not among those the server names, and the server would never judge it.)
     */
    private static SSLContext clientContext(String name) throws Exception {
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(name + ".p12"), PASSWORD.toCharArray());
        var keys = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
        var always = new X509ExtendedKeyManager() {
            @Override public String chooseClientAlias(String[] t, Principal[] issuers, Socket s) { return name; }
            @Override public String chooseEngineClientAlias(String[] t, Principal[] issuers, SSLEngine e) { return name; }
            @Override public String[] getClientAliases(String t, Principal[] issuers) { return new String[] {name}; }
            @Override public String[] getServerAliases(String t, Principal[] issuers) { return null; }
            @Override public String chooseServerAlias(String t, Principal[] issuers, Socket s) { return null; }
            @Override public X509Certificate[] getCertificateChain(String alias) { return keys.getCertificateChain(alias); }
            @Override public PrivateKey getPrivateKey(String alias) { return keys.getPrivateKey(alias); }
        };
        var context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {always}, new javax.net.ssl.TrustManager[] {trustManager()}, null);
        return context;
    }

    private static X509TrustManager trustManager() throws Exception {
        var tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(load("truststore.p12"));
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    private static X509Certificate[] chain(String name) throws Exception {
        return Arrays.stream(load(name + ".p12").getCertificateChain(name))
                .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
    }

    private static KeyStore load(String file) throws Exception {
        var store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(file))) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static List<String> aliases(KeyStore store) throws Exception {
        return java.util.Collections.list(store.aliases());
    }

    private static List<Object> readPem(Path file) throws IOException {
        var objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file); var parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        }
        return objects;
    }

    private static List<Throwable> causes(Throwable e) {
        var causes = new ArrayList<Throwable>();
        for (Throwable t = e; t != null && !causes.contains(t); t = t.getCause()) {
            causes.add(t);
        }
        return causes;
    }
}
