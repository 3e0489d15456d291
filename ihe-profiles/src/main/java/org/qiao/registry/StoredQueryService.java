package org.qiao.registry;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ObjectReference;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

import java.util.HashSet;
import java.util.Set;

/**
 * ITI-18 Registry Stored Query: every stored query of ITI TF-2a 3.18.4.1.2.3.7. The query selects objects and
 * associations ({@link StoredQueryVisitor}, one visit method per query); the result is then cut to ObjectRefs
 * or returned as LeafClass, with XDSResultNotSinglePatient and XDSTooManyResults checked on the way out.
 */
class StoredQueryService {

    private final RegistryStore store;
    private final int maxLeafClassResults;
    private final String homeCommunityId;

    StoredQueryService(RegistryStore store, int maxLeafClassResults, String homeCommunityId) {
        this.store = store;
        this.maxLeafClassResults = maxLeafClassResults;
        this.homeCommunityId = homeCommunityId;
    }

    QueryResponse query(QueryRegistry request) {
        var visitor = new StoredQueryVisitor(store);
        request.getQuery().accept(visitor);
        return shape(visitor.result(), request.getReturnType());
    }

    private QueryResponse shape(StoredQueryVisitor.Result r, QueryReturnType returnType) {
        var leafClass = returnType == QueryReturnType.LEAF_CLASS || returnType == QueryReturnType.LEAF_CLASS_WITH_REPOSITORY_ITEM;
        if (r.singlePatient && leafClass) {
            Set<Identifiable> patients = new HashSet<>();
            r.objects.values().forEach(o -> patients.add(o.getPatientId()));
            if (patients.size() > 1) {
                throw new RegistryException(ErrorCode.RESULT_NOT_SINGLE_PATIENT,
                        "The query result holds objects of " + patients.size() + " patients");
            }
        }
        var response = new QueryResponse(Status.SUCCESS);
        if (leafClass) {
            if (r.objects.size() + r.associations.size() > maxLeafClassResults) {
                throw new RegistryException(ErrorCode.TOO_MANY_RESULTS, "The query found "
                        + (r.objects.size() + r.associations.size()) + " objects; LeafClass answers hold at most "
                        + maxLeafClassResults + ": narrow the query or ask for ObjectRef");
            }
            for (var o : r.objects.values()) {
                if (homeCommunityId != null) {
                    o.setHomeCommunityId(homeCommunityId);
                }
                if (o instanceof DocumentEntry d) {
                    response.getDocumentEntries().add(d);
                } else if (o instanceof Folder f) {
                    response.getFolders().add(f);
                } else if (o instanceof SubmissionSet s) {
                    response.getSubmissionSets().add(s);
                }
            }
            response.getAssociations().addAll(r.associations.values());
        } else {
            r.objects.keySet().forEach(id -> response.getReferences().add(new ObjectReference(id, homeCommunityId)));
            r.associations.keySet().forEach(id -> response.getReferences().add(new ObjectReference(id, homeCommunityId)));
        }
        return response;
    }
}
