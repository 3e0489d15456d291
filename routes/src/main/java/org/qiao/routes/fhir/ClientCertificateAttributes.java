package org.qiao.routes.fhir;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * IPF 5.1.0's FHIR provider reads the TLS cipher suite and client certificates under pre-Jakarta request attribute
 * names (FhirProvider#enrichParameters: {@code javax.servlet.request.cipher_suite},
 * {@code javax.security.cert.X509Certificate}); Tomcat 10 sets only the Jakarta Servlet 6 names (§3.10). Copied
 * here, the node's certificate CN reaches the ATNA record of every FHIR transaction as IPF means it to.
 */
class ClientCertificateAttributes extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var cipherSuite = request.getAttribute("jakarta.servlet.request.cipher_suite");
        var certificates = request.getAttribute("jakarta.servlet.request.X509Certificate");
        if (cipherSuite != null && request.getAttribute("javax.servlet.request.cipher_suite") == null) {
            request.setAttribute("javax.servlet.request.cipher_suite", cipherSuite);
        }
        if (certificates != null && request.getAttribute("javax.security.cert.X509Certificate") == null) {
            request.setAttribute("javax.security.cert.X509Certificate", certificates);
        }
        chain.doFilter(request, response);
    }
}
