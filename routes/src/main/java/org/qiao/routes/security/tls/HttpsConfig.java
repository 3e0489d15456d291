package org.qiao.routes.security.tls;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HTTPS on the HTTP port (SOAP, REST, console) when {@code qiao.tls.http.enabled}: the node's key and trust
 * stores become the SSL bundle "qiao"; Tomcat checks client certificates with {@link HttpTrustManager}, so a
 * refused peer is audited like on the other doors.
 */
@Configuration
@ConditionalOnProperty(prefix = "qiao.tls.http", name = "enabled", havingValue = "true")
public class HttpsConfig {

    static final String BUNDLE = "qiao";

    @Bean
    SslBundleRegistrar qiaoSslBundle(TlsContext tls) {
        var p = tls.properties();
        var key = p.getKeyAlias() == null || p.getKeyAlias().isBlank()
                ? SslBundleKey.of(p.getKeyStorePassword()) : SslBundleKey.of(p.getKeyStorePassword(), p.getKeyAlias());
        return registry -> registry.registerBundle(BUNDLE, SslBundle.of(
                SslStoreBundle.of(tls.keyStore(), p.getKeyStorePassword(), tls.trustStore()),
                key, SslOptions.of(tls.ciphers(), tls.protocols())));
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> https(TlsContext tls) {
        return factory -> {
            var ssl = new Ssl();
            ssl.setBundle(BUNDLE);
            ssl.setClientAuth(switch (tls.properties().getHttp().getClientAuth()) {
                case NONE -> Ssl.ClientAuth.NONE;
                case WANT -> Ssl.ClientAuth.WANT;
                case NEED -> Ssl.ClientAuth.NEED;
            });
            factory.setSsl(ssl);
            // runs after Boot's SSL set-up of the connector: only the trust decision is replaced
            factory.addConnectorCustomizers(connector -> {
                for (var host : connector.findSslHostConfigs()) {
                    host.setTrustManagerClassName(HttpTrustManager.class.getName());
                }
            });
        };
    }
}
