package org.qiao.routes.fhir;

import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.StringAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.openehealth.ipf.commons.ihe.fhir.AbstractPlainProvider;
import org.qiao.fhir.pdqm.PdqmSearchParameters;

/**
 * ITI-78 door: {@code GET|POST [base]/Patient?...} and {@code GET [base]/Patient/<regional id>} (PDQm ITI TF-2
 * 2:3.78.4.1 and 2:3.78.4.3). The only @Search and @Read of Patient on the servlet. HAPI answers a parameter not
 * declared here with 400 before the route, so an unsupported criterion never widens the answer silently.
 */
public class PdqmProvider extends AbstractPlainProvider {

    @Search(type = Patient.class)
    public IBundleProvider search(
            @OptionalParam(name = Patient.SP_IDENTIFIER) TokenAndListParam identifier,
            @OptionalParam(name = Patient.SP_ACTIVE) TokenParam active,
            @OptionalParam(name = Patient.SP_FAMILY) StringAndListParam family,
            @OptionalParam(name = Patient.SP_GIVEN) StringAndListParam given,
            @OptionalParam(name = Patient.SP_BIRTHDATE) DateAndListParam birthdate,
            @Description(shortDefinition = "The street line (PID-11.1)")
            @OptionalParam(name = Patient.SP_ADDRESS) StringAndListParam address,
            @OptionalParam(name = Patient.SP_ADDRESS_CITY) StringAndListParam city,
            @OptionalParam(name = Patient.SP_ADDRESS_POSTALCODE) StringAndListParam postalCode,
            @OptionalParam(name = Patient.SP_GENDER) TokenParam gender,
            @Description(shortDefinition = "The regional id")
            @OptionalParam(name = IAnyResource.SP_RES_ID) TokenAndListParam id,
            @OptionalParam(name = Patient.SP_TELECOM) TokenAndListParam telecom,
            RequestDetails requestDetails, HttpServletRequest request, HttpServletResponse response) {
        var parameters = new PdqmSearchParameters(identifier, active, family, given, birthdate, address, city,
                postalCode, gender, id, telecom, getFhirContext());
        return requestBundleProvider(null, parameters, "Patient", request, response, requestDetails);
    }

    @Read(type = Patient.class)
    public Patient read(@IdParam IdType id, RequestDetails requestDetails, HttpServletRequest request,
                        HttpServletResponse response) {
        return requestResource(id, null, Patient.class, request, response, requestDetails);
    }
}
