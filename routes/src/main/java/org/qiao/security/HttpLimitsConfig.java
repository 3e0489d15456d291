package org.qiao.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/** Size limit of SOAP requests ({@code qiao.http.max-request-size}); header, connection and timeout limits are Tomcat's (application.yml). */
@Configuration
public class HttpLimitsConfig {

    @Bean
    FilterRegistrationBean<RequestSizeLimit> soapRequestSizeLimit(
            @Value("${qiao.http.max-request-size:256MB}") DataSize max) {
        var registration = new FilterRegistrationBean<>(new RequestSizeLimit(max.toBytes()));
        registration.addUrlPatterns("/services/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
