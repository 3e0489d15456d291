package org.qiao.routes.soap;

import org.apache.cxf.Bus;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the SOAP request rules and fault hygiene on the CXF bus, so every IHE web service endpoint has them. */
@Configuration
public class SoapHardeningConfig {

    @Bean
    InitializingBean soapHardening(Bus bus) {
        return () -> {
            bus.getInInterceptors().add(new StrictSoapRequests());
            bus.getOutFaultInterceptors().add(new PlainSoapFaults());
        };
    }
}
