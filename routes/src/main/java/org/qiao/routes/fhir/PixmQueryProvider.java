package org.qiao.routes.fhir;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.UriType;
import org.openehealth.ipf.commons.ihe.fhir.AbstractPlainProvider;
import org.qiao.fhir.pixm.PixmQueryService;

import java.util.List;

/**
 * ITI-83 door: {@code GET [base]/Patient/$ihe-pix?sourceIdentifier=<system>|<value>{&targetSystem=<uri>}}
 * (PIXm ITI TF-2 2:3.83.4.1). The parameters go down the route as IPF's ITI-83 provider passes them, a Parameters
 * resource; none is required here, so a query without sourceIdentifier reaches the route and is answered (and
 * audited) there.
 */
public class PixmQueryProvider extends AbstractPlainProvider {

    @Operation(name = "$ihe-pix", type = Patient.class, idempotent = true)
    public Parameters pixQuery(
            @OperationParam(name = PixmQueryService.SOURCE_IDENTIFIER, min = 0, max = OperationParam.MAX_UNLIMITED)
            List<TokenParam> sourceIdentifiers,
            @OperationParam(name = PixmQueryService.TARGET_SYSTEM, min = 0, max = OperationParam.MAX_UNLIMITED)
            List<UriParam> targetSystems,
            RequestDetails requestDetails, HttpServletRequest request, HttpServletResponse response) {
        var in = new Parameters();
        if (sourceIdentifiers != null) {
            for (var source : sourceIdentifiers) {
                in.addParameter().setName(PixmQueryService.SOURCE_IDENTIFIER)
                        .setValue(new Identifier().setSystem(source.getSystem()).setValue(source.getValue()));
            }
        }
        if (targetSystems != null) {
            for (var target : targetSystems) {
                in.addParameter().setName(PixmQueryService.TARGET_SYSTEM).setValue(new UriType(target.getValue()));
            }
        }
        return requestResource(in, null, Parameters.class, request, response, requestDetails);
    }
}
