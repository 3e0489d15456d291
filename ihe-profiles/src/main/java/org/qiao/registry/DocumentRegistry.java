package org.qiao.registry;

import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;

/** The XDS.b Document Registry, in IHE terms. Errors come back as failure responses with IHE codes. */
public interface DocumentRegistry {

    /** ITI-42 Register Document Set-b: all or nothing. */
    Response registerDocumentSet(RegisterDocumentSet request);

    /** ITI-18 Registry Stored Query. */
    QueryResponse storedQuery(QueryRegistry request);
}
