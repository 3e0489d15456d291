package org.qiao.routes.registry;

import org.openehealth.ipf.commons.ihe.xds.core.XdsRuntimeException;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLSubmitObjectsRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.validate.ValidationMessage;
import org.openehealth.ipf.commons.ihe.xds.core.validate.XDSMetaDataException;

/**
 * ITI-57 answers for request faults that IPF's validation reports with another code than ITI TF-2b asks, or
 * does not see: an unknown association type and an invalid AssociationPropagation are metadata errors
 * (XDSRegistryMetadataError), an original version sent as an update is a metadata update error
 * (XDSMetadataUpdateError). Any other fault keeps IPF's answer.
 */
final class UpdateRequestErrors {

    private UpdateRequestErrors() {
    }

    /** The failure to answer with, or null to let IPF answer the exception as usual. */
    static Response remap(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            var answer = remapOne(t);
            if (answer != null) {
                return answer;
            }
        }
        return null;
    }

    /** A request fault found in the ebXML itself, which IPF's model cannot show any more. */
    static final class SyntaxError extends RuntimeException {
        SyntaxError(String message) {
            super(message);
        }
    }

    /**
     * AssociationPropagation is "yes" or "no" (ITI TF-2b 3.57.4.1.3.1.3.4); IPF's model turns anything else
     * into "not given", so the raw slot is checked before conversion.
     */
    static void checkSyntax(SubmitObjectsRequest request) {
        for (var a : new EbXMLSubmitObjectsRequest30(request).getAssociations()) {
            for (var value : a.getSlotValues("AssociationPropagation")) {
                if (!"yes".equals(value) && !"no".equals(value)) {
                    throw new SyntaxError("AssociationPropagation of " + a.getId() + " must be yes or no, not '"
                            + value + "'");
                }
            }
        }
    }

    private static Response remapOne(Throwable e) {
        if (e instanceof SyntaxError s) {
            return failure(ErrorCode.REGISTRY_METADATA_ERROR, s.getMessage(), null);
        }
        if (e instanceof XDSMetaDataException m && m.getValidationMessage() == ValidationMessage.INVALID_ASSOCIATION_TYPE) {
            return failure(ErrorCode.REGISTRY_METADATA_ERROR, m.getMessage(), null);
        }
        if (e instanceof XdsRuntimeException r && r.getMessage() != null && r.getMessage().contains("Initial version")) {
            return failure(ErrorCode.METADATA_UPDATE_ERROR, r.getMessage(), r.getLocation());
        }
        return null;
    }

    private static Response failure(ErrorCode code, String message, String location) {
        var response = new Response(Status.FAILURE);
        response.getErrors().add(new ErrorInfo(code, message, Severity.ERROR, location, null));
        return response;
    }
}
