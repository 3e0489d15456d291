package org.qiao.routes.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IPagingProvider;
import org.openehealth.ipf.commons.ihe.fhir.IpfFhirServlet;
import org.openehealth.ipf.commons.ihe.fhir.mhd.MhdProfile;
import org.qiao.fhir.FhirSearchPages;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;

/**
 * The FHIR R4 base at {@code /fhir}: one FhirContext shared by the servlet and every IPF FHIR endpoint (IPF's
 * providers refuse a consumer with another context), and IPF's servlet registered by hand (IPF's FHIR starter is
 * not served here). Each door ({@code …Routes}) registers its providers through IPF's FHIR registry under the
 * servlet name {@value #SERVLET}; the servlet's CapabilityStatement at {@code /fhir/metadata} lists what they serve.
 */
@Configuration
public class FhirConfig {

    static final String SERVLET = IpfFhirServlet.DEFAULT_SERVLET_NAME;
    /** The endpoint options every FHIR door uses: IPF's audit, and the shared context. */
    static final String ENDPOINT = "?audit=true&fhirContext=#fhirContext";

    @Bean
    FhirContext fhirContext() {
        // an own instance, not forR4Cached(): MHD's profiled types are registered on it, so a provided bundle
        // parses into IPF's MHD 4.2.1 classes and its audit finds the patient and submission set
        var context = FhirContext.forR4();
        MhdProfile.registerDefaultTypes(context);
        context.setParserErrorHandler(new LenientErrorHandler(false));
        return context;
    }

    /** Answers of more than one page, for their next links, on any process (30 minutes, HAPI's own default). */
    @Bean
    FhirSearchPages fhirSearchPages(JdbcTemplate jdbc) {
        return new FhirSearchPages(jdbc, Duration.ofMinutes(30));
    }

    @Bean
    IpfFhirServlet fhirServlet(FhirContext fhirContext, FhirSearchPages pages) {
        var servlet = new IpfFhirServlet(fhirContext) {
            @Override
            protected IPagingProvider getDefaultPagingProvider(int pagingProviderSize) {
                return new DatabasePagingProvider(pages, fhirContext, getDefaultPageSize(), getMaximumPageSize());
            }
        };
        // the CapabilityStatement's software and implementation (FHIR R4 capabilitystatement.html)
        servlet.setServerName("Qiao");
        servlet.setServerVersion(FhirConfig.class.getPackage().getImplementationVersion());
        servlet.setImplementationDescription("Qiao regional health information platform: MHD, PIXm, PDQm");
        servlet.setDefaultResponseEncoding(EncodingEnum.JSON);
        servlet.setDefaultPageSize(50);
        servlet.setMaximumPageSize(500);
        return servlet;
    }

    @Bean
    FilterRegistrationBean<ClientCertificateAttributes> fhirClientCertificates() {
        var registration = new FilterRegistrationBean<>(new ClientCertificateAttributes());
        registration.addUrlPatterns("/fhir/*");
        return registration;
    }

    @Bean
    ServletRegistrationBean<IpfFhirServlet> fhirServletRegistration(IpfFhirServlet servlet) {
        var registration = new ServletRegistrationBean<>(servlet, "/fhir/*");
        registration.setName(SERVLET);
        registration.setLoadOnStartup(1);
        return registration;
    }
}
