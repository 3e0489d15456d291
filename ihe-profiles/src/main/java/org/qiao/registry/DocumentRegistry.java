package org.qiao.registry;

import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RemoveMetadata;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;

/** The XDS.b Document Registry, in IHE terms. Errors come back as failure responses with IHE codes. */
public interface DocumentRegistry {

    /** ITI-42 Register Document Set-b: all or nothing. */
    Response registerDocumentSet(RegisterDocumentSet request);

    /** ITI-57 Update Document Set (metadata update): new versions, status changes, new associations. */
    Response updateDocumentSet(RegisterDocumentSet request);

    /** ITI-62 Remove Metadata. */
    Response removeMetadata(RemoveMetadata request);

    /** ITI-18 Registry Stored Query. */
    QueryResponse storedQuery(QueryRegistry request);
}
