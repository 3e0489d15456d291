package org.qiao.routes.security;

import org.qiao.routes.config.QiaoProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Size limit of SOAP and FHIR requests ({@code qiao.http.max-request-size}) and of the number of headers
 * ({@code qiao.http.max-header-count}); header size, connection and timeout limits are Tomcat's (application.yml).
 */
@Configuration
public class HttpLimitsConfig {

    /** At most this many request headers (Tomcat answers 400 above it); Boot has no property for it. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> headerCount(
            QiaoProperties properties) {
        int maxHeaderCount = properties.getHttp().getMaxHeaderCount();
        return factory -> factory.addConnectorCustomizers(
                connector -> connector.setProperty("maxHeaderCount", String.valueOf(maxHeaderCount)));
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimit> soapRequestSizeLimit(QiaoProperties properties) {
        var registration = new FilterRegistrationBean<>(
                new RequestSizeLimit(properties.getHttp().getMaxRequestSize().toBytes()));
        registration.addUrlPatterns("/services/*", "/fhir/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
