package org.qiao.routes.fhir;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.openehealth.ipf.commons.ihe.fhir.AbstractPlainProvider;
import org.qiao.fhir.pixm.PixmFeedParameters;

/**
 * ITI-104 door: {@code PUT [base]/Patient?identifier=urn:oid:<domain>|<value>} with a Patient (PIXm ITI TF-2
 * 2:3.104.4.1, a FHIR conditional update). The only @Update of Patient on the servlet; ITI-104 has no create
 * (POST) here: the Patient Identity Source always names its patient by its identifier.
 */
public class PixmFeedProvider extends AbstractPlainProvider {

    @Update(typeName = "Patient")
    public MethodOutcome feed(@ResourceParam Patient patient, @IdParam IdType id,
                              @ConditionalUrlParam String conditionalUrl,
                              RequestDetails requestDetails, HttpServletRequest request, HttpServletResponse response) {
        var parameters = new PixmFeedParameters(conditionalUrl, id == null || !id.hasIdPart() ? null : id.getIdPart(),
                getFhirContext());
        return requestAction(patient, parameters, request, response, requestDetails);
    }
}
