package org.qiao.routes.security.tls;

import org.apache.camel.support.jsse.CipherSuitesParameters;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SSLContextServerParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * MLLP over TLS when {@code qiao.tls.mllp.enabled}: Camel SSL parameters for IPF's MLLP port, from the node's
 * key and trust stores. Refusals are audited by IPF's own SSL handler (ATNA node-authentication alert), so
 * this door uses the plain trust manager, not the auditing one, and nothing is audited twice.
 */
@Configuration
@ConditionalOnProperty(prefix = "qiao.tls.mllp", name = "enabled", havingValue = "true")
public class MllpTlsConfig {

    public static final String BEAN = "mllpTls";

    @Bean(name = BEAN)
    SSLContextParameters mllpTls(TlsContext tls) {
        var p = tls.properties();
        var keyStore = new KeyStoreParameters();
        keyStore.setKeyStore(tls.keyStore());
        keyStore.setPassword(p.getKeyStorePassword());
        var keys = new KeyManagersParameters();
        keys.setKeyStore(keyStore);
        keys.setKeyPassword(p.getKeyStorePassword());

        var trust = new TrustManagersParameters();
        trust.setTrustManager(tls.pkix());

        var protocols = new SecureSocketProtocolsParameters();
        protocols.setSecureSocketProtocol(List.of(tls.protocols()));

        var server = new SSLContextServerParameters();
        server.setClientAuthentication(switch (p.getMllp().getClientAuth()) {
            case NONE -> "NONE";
            case WANT -> "WANT";
            case NEED -> "REQUIRE";
        });

        var parameters = new SSLContextParameters();
        parameters.setKeyManagers(keys);
        parameters.setTrustManagers(trust);
        parameters.setSecureSocketProtocols(protocols);
        parameters.setServerParameters(server);
        if (p.getKeyAlias() != null && !p.getKeyAlias().isBlank()) {
            parameters.setCertAlias(p.getKeyAlias());
        }
        if (tls.ciphers() != null) {
            var ciphers = new CipherSuitesParameters();
            ciphers.setCipherSuite(List.of(tls.ciphers()));
            parameters.setCipherSuites(ciphers);
        }
        return parameters;
    }
}
