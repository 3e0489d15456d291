package org.qiao.routes.security.tls;

import org.openehealth.ipf.commons.audit.TlsParameters;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads this node's TLS material when a key store is configured; the doors use it from there. */
@Configuration
public class TlsConfig {

    @Bean
    @ConditionalOnProperty(prefix = "qiao.tls", name = "key-store")
    TlsContext tlsContext(TlsProperties properties) {
        return new TlsContext(properties);
    }

    /** IPF's ATNA sender offers this node's certificate when it sends audit messages over TLS (RFC 5425). */
    @Bean
    @ConditionalOnProperty(prefix = "qiao.tls", name = "key-store")
    TlsParameters auditTlsParameters(TlsContext tls) {
        return serverSide -> tls.sslContext("SYSLOG");
    }
}
