package org.qiao.routes.security.tls;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.ArrayList;
import java.util.List;

/**
 * TLS material and per-door settings under {@code qiao.tls}. One key store (this node's certificate) and one
 * trust store (the regional CA, or the peers' certificates) serve every door; each door decides whether it runs
 * over TLS and whether peers must present a certificate (IHE ATNA node authentication).
 */
@ConfigurationProperties("qiao.tls")
public class TlsProperties {

    /** PKCS#12 key store with this node's key and certificate chain (bin/certs writes one). */
    private String keyStore;
    private String keyStorePassword = "";
    /** Alias of the key entry; empty = the only one. */
    private String keyAlias;
    /** PKCS#12 trust store with the certificates a peer's chain must end in. */
    private String trustStore;
    private String trustStorePassword = "";
    /** Allowed protocols; nothing older than TLS 1.2 is accepted even if listed. */
    private List<String> protocols = new ArrayList<>(List.of("TLSv1.3", "TLSv1.2"));
    /** Allowed cipher suites; empty = the JVM's defaults for the allowed protocols. */
    private List<String> ciphers = new ArrayList<>();
    private final Door http = new Door();
    private final Door mllp = new Door();

    public String getKeyStore() { return keyStore; }
    public void setKeyStore(String keyStore) { this.keyStore = keyStore; }
    public String getKeyStorePassword() { return keyStorePassword; }
    public void setKeyStorePassword(String keyStorePassword) { this.keyStorePassword = keyStorePassword; }
    public String getKeyAlias() { return keyAlias; }
    public void setKeyAlias(String keyAlias) { this.keyAlias = keyAlias; }
    public String getTrustStore() { return trustStore; }
    public void setTrustStore(String trustStore) { this.trustStore = trustStore; }
    public String getTrustStorePassword() { return trustStorePassword; }
    public void setTrustStorePassword(String trustStorePassword) { this.trustStorePassword = trustStorePassword; }
    public List<String> getProtocols() { return protocols; }
    public void setProtocols(List<String> protocols) { this.protocols = protocols; }
    public List<String> getCiphers() { return ciphers; }
    public void setCiphers(List<String> ciphers) { this.ciphers = ciphers; }
    public Door getHttp() { return http; }
    public Door getMllp() { return mllp; }

    /** Whether peers must show a certificate the trust store accepts. */
    public enum ClientAuth { NONE, WANT, NEED }

    public static class Door {
        private boolean enabled;
        private ClientAuth clientAuth = ClientAuth.NEED;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public ClientAuth getClientAuth() { return clientAuth; }
        public void setClientAuth(ClientAuth clientAuth) { this.clientAuth = clientAuth; }
    }
}
