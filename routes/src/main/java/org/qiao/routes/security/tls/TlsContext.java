package org.qiao.routes.security.tls;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

/**
 * This node's TLS material, loaded once from {@link TlsProperties}, and the SSL contexts of the doors built from it.
 * Every door checks peers with the same trust store through {@link #trustManager(String)}, which reports each
 * refused certificate (unknown issuer, expired, revoked…) to the {@link NodeAuthenticationListener} before the
 * handshake fails.
 */
public class TlsContext {

    /** Protocols older than these are never enabled, whatever the configuration says. */
    private static final Set<String> MODERN = Set.of("TLSv1.2", "TLSv1.3");

    /** Tomcat instantiates its trust manager by class name; it finds the running context here. */
    private static volatile TlsContext current;

    private final TlsProperties properties;
    private final KeyStore keyStore;
    private final KeyStore trustStore;
    private volatile NodeAuthenticationListener listener = NodeAuthenticationListener.NONE;

    public TlsContext(TlsProperties properties) {
        this.properties = properties;
        this.keyStore = properties.getKeyStore() == null ? null
                : load(properties.getKeyStore(), properties.getKeyStorePassword());
        this.trustStore = properties.getTrustStore() == null ? null
                : load(properties.getTrustStore(), properties.getTrustStorePassword());
        current = this;
    }

    static TlsContext current() {
        var c = current;
        if (c == null) {
            throw new IllegalStateException("TLS is not configured (qiao.tls.*)");
        }
        return c;
    }

    public void setListener(NodeAuthenticationListener listener) {
        this.listener = listener == null ? NodeAuthenticationListener.NONE : listener;
    }

    public TlsProperties properties() {
        return properties;
    }

    public KeyStore keyStore() {
        return keyStore;
    }

    public KeyStore trustStore() {
        return trustStore;
    }

    /** Enabled protocols: the configured ones that are TLS 1.2 or newer. */
    public String[] protocols() {
        var enabled = properties.getProtocols().stream().filter(MODERN::contains).toArray(String[]::new);
        if (enabled.length == 0) {
            throw new IllegalStateException("qiao.tls.protocols allows nothing of " + MODERN);
        }
        return enabled;
    }

    /** Enabled cipher suites, or null for the JVM's defaults. */
    public String[] ciphers() {
        List<String> ciphers = properties.getCiphers();
        return ciphers == null || ciphers.isEmpty() ? null : ciphers.toArray(String[]::new);
    }

    /** This node's key managers (empty when no key store is configured). */
    public KeyManager[] keyManagers() {
        if (keyStore == null) {
            return new KeyManager[0];
        }
        try {
            var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, properties.getKeyStorePassword().toCharArray());
            var managers = kmf.getKeyManagers();
            if (properties.getKeyAlias() != null && !properties.getKeyAlias().isBlank()) {
                return new KeyManager[] {new AliasKeyManager((X509ExtendedKeyManager) managers[0], properties.getKeyAlias())};
            }
            return managers;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot use key store " + properties.getKeyStore() + ": " + e.getMessage(), e);
        }
    }

    /** A trust manager for one door that audits every certificate it refuses. */
    public X509ExtendedTrustManager trustManager(String door) {
        return new AuditingTrustManager(pkix(), door);
    }

    /** A plain trust manager (no auditing), for doors whose framework audits refusals itself. */
    public X509ExtendedTrustManager pkix() {
        try {
            var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore); // null: the JVM's cacerts
            for (var tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot use trust store " + properties.getTrustStore() + ": " + e.getMessage(), e);
        }
    }

    /** An SSL context with this node's key and the door's auditing trust manager. */
    public SSLContext sslContext(String door) {
        return sslContext(new javax.net.ssl.TrustManager[] {trustManager(door)});
    }

    public SSLContext sslContext(javax.net.ssl.TrustManager[] trustManagers) {
        try {
            var context = SSLContext.getInstance("TLS");
            context.init(keyManagers(), trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore load(String location, String password) {
        var path = Path.of(location.startsWith("file:") ? location.substring(5) : location);
        try (InputStream in = Files.newInputStream(path)) {
            var store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read " + path.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Delegates to PKIX and tells the listener what it refused, with the peer's address. */
    private final class AuditingTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        private final String door;

        AuditingTrustManager(X509ExtendedTrustManager delegate, String door) {
            this.delegate = delegate;
            this.door = door;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            try {
                delegate.checkClientTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                refused(socket == null ? null : String.valueOf(socket.getRemoteSocketAddress()), chain, e);
                throw e;
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            try {
                delegate.checkClientTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                // Tomcat's engines do not know their peer; Netty's do
                refused(engine == null || engine.getPeerHost() == null ? null
                        : engine.getPeerHost() + ":" + engine.getPeerPort(), chain, e);
                throw e;
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                delegate.checkClientTrusted(chain, authType);
            } catch (CertificateException e) {
                refused(null, chain, e);
                throw e;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            delegate.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }

        private void refused(String peer, X509Certificate[] chain, CertificateException e) {
            try {
                listener.refused(door, peer == null ? "unknown" : peer, chain == null ? new X509Certificate[0] : chain,
                        e.getMessage());
            } catch (RuntimeException auditFailure) {
                // the refusal stands even if it cannot be audited; the audit layer logs its own failures
            }
        }
    }

    /** Picks one configured alias for server and client side. */
    private static final class AliasKeyManager extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager delegate;
        private final String alias;

        AliasKeyManager(X509ExtendedKeyManager delegate, String alias) {
            this.delegate = delegate;
            this.alias = alias;
        }

        @Override public String[] getClientAliases(String keyType, java.security.Principal[] issuers) { return delegate.getClientAliases(keyType, issuers); }
        @Override public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, Socket socket) { return alias; }
        @Override public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers, SSLEngine engine) { return alias; }
        @Override public String[] getServerAliases(String keyType, java.security.Principal[] issuers) { return delegate.getServerAliases(keyType, issuers); }
        @Override public String chooseServerAlias(String keyType, java.security.Principal[] issuers, Socket socket) { return alias; }
        @Override public String chooseEngineServerAlias(String keyType, java.security.Principal[] issuers, SSLEngine engine) { return alias; }
        @Override public X509Certificate[] getCertificateChain(String a) { return delegate.getCertificateChain(a); }
        @Override public java.security.PrivateKey getPrivateKey(String a) { return delegate.getPrivateKey(a); }
    }
}
