package org.qiao.conformance.nist;

import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;

/**
 * The status and RegistryErrorList of a response: a RegistryResponse, an AdhocQueryResponse, or the
 * RegistryResponse inside a RetrieveDocumentSetResponse.
 */
public record RegistryResponseView(String status, List<Error> errors) {

    /** One RegistryError. */
    public record Error(String errorCode, String codeContext, String severity, String location) {

        /** The toolkit counts a RegistryError as an error unless its severity ends with "Warning". */
        public boolean isError() {
            return severity == null || !severity.endsWith("Warning");
        }

        @Override
        public String toString() {
            var sev = severity == null ? "" : severity.substring(severity.lastIndexOf(':') + 1) + " ";
            return sev + errorCode + (codeContext == null || codeContext.isBlank() ? "" : ": " + codeContext.trim());
        }
    }

    public static RegistryResponseView of(Element response) {
        var rr = response;
        var name = response.getLocalName();
        if (!"RegistryResponse".equals(name) && !"AdhocQueryResponse".equals(name)) {
            rr = Xml.child(response, "RegistryResponse").orElse(response);
        }
        var errors = new ArrayList<Error>();
        for (var list : Xml.children(rr, "RegistryErrorList")) {
            for (var e : Xml.children(list, "RegistryError")) {
                errors.add(new Error(Xml.attr(e, "errorCode"), Xml.attr(e, "codeContext"), Xml.attr(e, "severity"),
                        Xml.attr(e, "location")));
            }
        }
        return new RegistryResponseView(Xml.attr(rr, "status"), List.copyOf(errors));
    }

    public List<String> errorCodes() {
        return errors.stream().map(Error::errorCode).filter(c -> c != null).toList();
    }
}
