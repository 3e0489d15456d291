package org.qiao.routes.registry;

import org.openehealth.ipf.commons.ihe.xds.core.XdsRuntimeException;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;

import java.util.HashSet;
import java.util.Set;

/**
 * XDSStoredQueryParamNumber for stored-query parameters that are single-valued in every query (patient ids,
 * time bounds …) given twice or with several values (ITI TF-2a 3.18.4.1.2.3.7). IPF's model keeps only the
 * first value, so the raw slots are checked. Ids and uniqueIds are lists in some queries and are left out.
 */
final class StoredQueryParameterCheck {

    private static final Set<String> SINGLE_VALUED = Set.of(
            "$XDSDocumentEntryPatientId", "$XDSSubmissionSetPatientId", "$XDSFolderPatientId", "$patientId",
            "$XDSDocumentEntryCreationTimeFrom", "$XDSDocumentEntryCreationTimeTo",
            "$XDSDocumentEntryServiceStartTimeFrom", "$XDSDocumentEntryServiceStartTimeTo",
            "$XDSDocumentEntryServiceStopTimeFrom", "$XDSDocumentEntryServiceStopTimeTo",
            "$XDSSubmissionSetSubmissionTimeFrom", "$XDSSubmissionSetSubmissionTimeTo",
            "$XDSFolderLastUpdateTimeFrom", "$XDSFolderLastUpdateTimeTo",
            "$XDSSubmissionSetAuthorPerson", "$MetadataLevel");

    private StoredQueryParameterCheck() {
    }

    static void check(AdhocQueryRequest request) {
        var query = request == null ? null : request.getAdhocQuery();
        if (query == null) {
            return;
        }
        var seen = new HashSet<String>();
        for (var slot : query.getSlot()) {
            var name = slot.getName();
            if (!SINGLE_VALUED.contains(name)) {
                continue;
            }
            var values = slot.getValueList() == null ? java.util.List.<String>of() : slot.getValueList().getValue();
            var listed = values.size() == 1 && values.get(0).trim().startsWith("(") && values.get(0).contains(",");
            if (!seen.add(name) || values.size() > 1 || listed) {
                throw new XdsRuntimeException(ErrorCode.STORED_QUERY_PARAM_NUMBER,
                        "Parameter " + name + " takes a single value", Severity.ERROR, name);
            }
        }
    }
}
